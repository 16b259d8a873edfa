# labs/lib/check.sh — what every lab's check shares. Source it; do not run it.
#
# A check is the lab's first student. It opens the terminals the README asks for, each a
# recording session (`./lab record --log LOG`) fed from a pipe, types the README's commands
# into them on ephemeral ports, and so records a lab log of real output. Then it grades that
# log with the lab's own rubric (full marks required), proves every rule can fail, and runs a
# negative control. Everything it starts is a descendant of a session it opened, and is ended
# by pid when the check ends, however it ends.
#
#   source "$(dirname "$0")/../lib/check.sh"
#   check_begin                                  # the lab is the check's own folder
#   terminal server; terminal client; terminal shell
#   start_server server './lab server sequential'          # sets PORT and SERVER_PID
#   run_in client './lab client 127.0.0.1:8990'             # 8990 becomes $PORT when typed
#   type_in client 'ping'; expect client '^pong$'
#   type_in client ':bye'; await_end client
#   run shell "ss -tlnp '( sport = :8990 )'"               # runs and waits for its end
#   ctrl_c server; await_end server
#   grade_log                                    # full marks, and every rule can fail
#   check_passed
#
# Commands are written as the README writes them (port 8990, no --port on servers), and each
# is checked to appear in the lab's README.md word for word: what the check types is what the
# student is told to type. Only at run time does 8990 become the check's port.
#
# Environment: LAB_KEEP_LOG=FILE keeps the recorded log (./lab check NN --keep-log FILE);
# LAB_CHECK_TIMEOUT scales every wait (default 1; 2 on a slow machine).

set -uo pipefail

LAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAB_CMD="$LAB_HOME/lab"
README_PORT=8990

# Per terminal: the session's pid, the descriptor we type into, its output file, and how many
# of its output lines earlier waits have consumed.
declare -A TERM_PID=() TERM_FD=() TERM_OUT=() TERM_SEEN=()
STEP=0
LAB=""
WORK=""
LOG=""
PORT=""
SERVER_PID=""
MATCH=""
CONTROL=""
MAIN_LOG=""

# --- Beginning and end --------------------------------------------------------------------

# check_alone: says that this check measures what the CPU can do (spin times, request rates), so
# that another check beside it would change what it measures. `./lab test` (LabChecksIT) runs
# checks side by side, and a check that calls this with none beside it. Call it first.
check_alone() {
  :
}

# check_begin: names the lab after the check's folder, makes a scratch folder and a fresh log.
check_begin() {
  local dir
  dir=$(cd "$(dirname "$0")" && pwd)
  LAB=$(basename "$dir")
  LAB_DIR=$dir
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/echolab-check-${LAB%%-*}.XXXXXX")
  # The lab is known from the file name (<student>-NN.md), as a student's log would be.
  LOG="$WORK/check-${LAB%%-*}.md"
  trap 'check_cleanup' EXIT
  trap 'fail "interrupted"' INT TERM
  say "recording into $LOG"
}

# check_passed: the last line of a check that worked.
check_passed() {
  close_terminals
  echo "$LAB: passed"
  exit 0
}

# fail MESSAGE: the reason the check failed, then the end of every terminal's output.
fail() {
  trap - INT TERM
  echo "$LAB: FAILED at step $STEP: $*" >&2
  local name
  for name in "${!TERM_OUT[@]}"; do
    echo "  --- last lines of terminal '$name':" >&2
    tail -n 8 "${TERM_OUT[$name]}" 2>/dev/null | sed 's/^/  | /' >&2
  done
  exit 1
}

say() {
  echo "$LAB: $*"
}

# step DESCRIPTION: one line per step the check has seen work.
step() {
  STEP=$((STEP + 1))
  echo "$LAB: [$STEP] $*"
}

# skip STEP WHY: a step this machine cannot run, said by name.
skip() {
  echo "$LAB: skipped: $1 ($2)"
}

is_root() {
  [[ $(id -u) == 0 ]]
}

check_cleanup() {
  local status=$? name
  if ((status != 0)); then
    # A failed or interrupted check: end what runs in the terminals at once, as Ctrl-C would.
    for name in "${!TERM_PID[@]}"; do kill_tree "${TERM_PID[$name]}" TERM; done
  fi
  close_terminals 2>/dev/null
  # The log kept is the lab's own, not the negative control's that may have followed it.
  local kept=${MAIN_LOG:-$LOG}
  if [[ -n "${LAB_KEEP_LOG:-}" && -f "$kept" ]]; then
    cp "$kept" "$LAB_KEEP_LOG" && echo "$LAB: log kept in $LAB_KEEP_LOG"
  fi
  [[ -n "$WORK" ]] && rm -rf "$WORK"
  exit $status
}

# --- Terminals ----------------------------------------------------------------------------

# terminal NAME [LOG]: opens a recording session into LOG (default: the check's log).
terminal() {
  local name=$1 log=${2:-$LOG} fifo="$WORK/$1.in" fd other
  [[ -z "${TERM_PID[$name]:-}" ]] || fail "terminal '$name' is open already"
  rm -f "$fifo"
  mkfifo "$fifo"
  TERM_OUT[$name]="$WORK/$name.out"
  TERM_SEEN[$name]=0
  # The session must hold no other terminal's input open, or that one would never see its end:
  # the other descriptors are closed before it starts, and ours is opened after it has.
  (
    for other in "${TERM_FD[@]}"; do eval "exec $other>&-"; done
    exec "$LAB_CMD" record --log "$log" <"$fifo" >"${TERM_OUT[$name]}" 2>&1
  ) &
  TERM_PID[$name]=$!
  exec {fd}>"$fifo"
  TERM_FD[$name]=$fd
}

# close_terminals: ends every session (end of input), then whatever is still running under them.
close_terminals() {
  local name pid
  for name in "${!TERM_FD[@]}"; do
    eval "exec ${TERM_FD[$name]}>&-"
    unset "TERM_FD[$name]"
  done
  for name in "${!TERM_PID[@]}"; do
    pid=${TERM_PID[$name]}
    wait_gone "$pid" 10 || { kill_tree "$pid" KILL; wait_gone "$pid" 5; }
    unset "TERM_PID[$name]"
  done
}

# The running processes below PID (not PID itself), deepest first.
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}

kill_tree() {
  local pid=$1 signal=${2:-TERM} p
  for p in $(descendants "$pid"); do kill -s "$signal" "$p" 2>/dev/null; done
  kill -s "$signal" "$pid" 2>/dev/null
  return 0
}

# wait_gone PID SECONDS: true once PID has exited.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS >= deadline)) && return 1
    sleep 0.05
  done
  wait "$pid" 2>/dev/null
  return 0
}

# The README's command as this run types it: the check's port for the README's, and the
# server's pid for the README's <pid> (which the student reads off the listening line).
at_port() {
  local command=$1
  [[ -n "$PORT" ]] && command=${command//$README_PORT/$PORT}
  [[ -n "$SERVER_PID" ]] && command=${command//<pid>/$SERVER_PID}
  printf '%s' "$command"
}

# in_readme COMMAND: fails unless the lab's README tells the student to type COMMAND (a
# negative control types what the README does not, on purpose).
in_readme() {
  [[ -n "$CONTROL" ]] && return 0
  grep -qF -- "$1" "$LAB_DIR/README.md" || fail "the check types '$1', which README.md does not show"
}

# control_begin: from here on the check records a second log, the negative control, with
# commands of its own (another model, another option) that the README does not show.
control_begin() {
  close_terminals
  CONTROL=1
  MAIN_LOG=$LOG
  LOG="$WORK/control-${LAB%%-*}.md"
  PORT=""
  SERVER_PID=""
  say "negative control: recording into $LOG"
}

# send NAME LINE: one line into the terminal's session.
send() {
  [[ -n "${TERM_FD[$1]:-}" ]] || fail "no terminal '$1'"
  printf '%s\n' "$2" >&"${TERM_FD[$1]}" || fail "terminal '$1' is gone"
}

# run_in NAME COMMAND: types a README command at the terminal's prompt; does not wait.
run_in() {
  in_readme "$2"
  send "$1" "$(at_port "$2")"
}

# run NAME COMMAND [SECONDS]: types a README command and waits until it has ended.
run() {
  run_in "$1" "$2"
  await_end "$1" "${3:-20}"
}

# type_in NAME LINE: what the student types into the command running in that terminal.
type_in() {
  send "$1" "$2"
}

# expect NAME REGEX [SECONDS]: waits for an output line matching REGEX (extended regex) that
# comes after everything earlier waits consumed; sets MATCH to the line.
expect() {
  local name=$1 regex=$2 limit=${3:-15} file=${TERM_OUT[$1]} deadline line
  deadline=$((SECONDS + limit * ${LAB_CHECK_TIMEOUT:-1}))
  while true; do
    line=$(tail -n +$((TERM_SEEN[$name] + 1)) "$file" | grep -nE -m1 -- "$regex")
    if [[ -n "$line" ]]; then
      TERM_SEEN[$name]=$((TERM_SEEN[$name] + ${line%%:*}))
      MATCH=${line#*:}
      return 0
    fi
    kill -0 "${TERM_PID[$name]}" 2>/dev/null || fail "terminal '$name' ended while waiting for /$regex/"
    ((SECONDS >= deadline)) && fail "terminal '$name' printed no line matching /$regex/ within ${limit} s"
    sleep 0.05
  done
}

# expect_not NAME REGEX: fails if REGEX appears in what the terminal printed since the last wait.
expect_not() {
  if tail -n +$((TERM_SEEN[$1] + 1)) "${TERM_OUT[$1]}" | grep -qE -- "$2"; then
    fail "terminal '$1' printed /$2/, which it should not have"
  fi
}

# await_end NAME [SECONDS]: waits until the terminal's running command has ended.
await_end() {
  expect "$1" '^\[ended [0-9]{4}-' "${2:-20}"
}

# ctrl_c NAME: what Ctrl-C in that terminal does: SIGINT to the command running there.
ctrl_c() {
  local p
  for p in $(descendants "${TERM_PID[$1]}"); do kill -INT "$p" 2>/dev/null; done
}

# start_server NAME COMMAND [PORT]: starts a README server command in a terminal on an
# ephemeral port (or PORT), waits for its listening line, and sets PORT and SERVER_PID.
start_server() {
  local name=$1 command=$2 port=${3:-0}
  in_readme "$command"
  send "$name" "$command --port $port"
  expect "$name" 'listening on [^ ]+:[0-9]+ \(server=[a-z]+ pid=[0-9]+\)' 30
  PORT=$(sed -E 's/.*listening on [^ ]*:([0-9]+) .*/\1/' <<<"$MATCH")
  SERVER_PID=$(sed -E 's/.*pid=([0-9]+)\).*/\1/' <<<"$MATCH")
}

# wait_until WHAT SECONDS COMMAND...: waits (bounded) until COMMAND succeeds, for a state the
# kernel reaches on its own time (a child become a zombie, a socket gone to CLOSE_WAIT) that
# the next recorded command must show; fails naming WHAT. Not to let things settle: to wait
# for the one thing the lab is about.
wait_until() {
  local what=$1 limit=$2 deadline
  shift 2
  deadline=$((SECONDS + limit * ${LAB_CHECK_TIMEOUT:-1}))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS >= deadline)) && fail "not seen within ${limit} s: $what"
    sleep 0.05
  done
}

# next_second: waits (under a second) for the clock's next second. Blocks are stamped to the
# second, so a rule's `after:` cannot order two that started in the same one: between a block
# that a later rule must not reuse and the blocks that rule comes after, the check calls this.
next_second() {
  local now
  now=$(date +%s)
  wait_until "the next second" 2 _later_than "$now"
}

_later_than() {
  (($(date +%s) > $1))
}

# start_dump NAME COMMAND: starts a README `./lab dump --tcp-port 8990 …` command in a terminal
# with an ephemeral TCP port instead of the README's (the dump's own option is --tcp-port, so
# start_server does not fit), waits until its console is ready, and sets PORT (TCP), and
# DUMP_UDP_PORT and DUMP_WS_PORT (empty when that protocol is off) from its listening lines.
start_dump() {
  local name=$1 command=$2 from
  in_readme "$command"
  from=${TERM_SEEN[$name]}
  send "$name" "${command//--tcp-port $README_PORT/--tcp-port 0}"
  expect "$name" "^type 'help' for commands" 30
  PORT=$(dump_port "$name" "$from" tcp)
  DUMP_UDP_PORT=$(dump_port "$name" "$from" udp)
  DUMP_WS_PORT=$(dump_port "$name" "$from" ws)
  [[ -n "$PORT" ]] || fail "the dump printed no 'tcp listening on' line"
}

# dump_port NAME FROM PROTO: the port of the dump's "PROTO listening on" line after line FROM.
dump_port() {
  tail -n +$(($2 + 1)) "${TERM_OUT[$1]}" | sed -nE "s/^$3 listening on [^ ]+:([0-9]+).*/\1/p" | head -n 1
}

# --- Grading ------------------------------------------------------------------------------

# grade_log [LOG]: the lab's rubric must give the log full automatic marks, and every rule
# must lose its points when its evidence is taken away.
grade_log() {
  local log=${1:-$LOG} output
  local flags=()
  is_root || flags+=(--without-root)
  output=$("$LAB_CMD" grade --lab "$LAB" --require-full --self-test "${flags[@]}" "$log" 2>&1) \
    || fail "the log does not grade in full:"$'\n'"$(sed 's/^/    /' <<<"$output")"
  step "graded in full by its rubric; every rule shown to fail without its evidence"
  sed 's/^/    /' <<<"$output"
}

# negative_control LOG RULE... : a log recorded against the wrong model must miss exactly RULEs.
negative_control() {
  local log=$1 output rules
  shift
  rules=$(IFS=,; echo "$*")
  output=$("$LAB_CMD" grade --lab "$LAB" --expect-miss "$rules" "$log" 2>&1) \
    || fail "negative control: expected exactly $rules to miss:"$'\n'"$(sed 's/^/    /' <<<"$output")"
  step "negative control: $rules missed, as they must"
}

# How `lab record` runs each command: in bash, in the session's working directory and with the
# variables and functions earlier commands left (restored from, and saved back to, a state file),
# so that `cd`, `export` and plain `VAR=value` stick from one command to the next as in a shell.
# $1: the command line as typed; $2: the state file, or "" for a single command, which keeps no
# state (never a path such as /dev/null: the save below replaces the file it names, and as root
# that would put a regular file where /dev/null was); $3: where to note that Ctrl-C arrived.
__record_command=$1 __record_state=$2 __record_interrupted=$3
shift 3
# Ctrl-C reaches bash too: note it and go on to save the state; the command itself dies of it
# (a trapped signal is reset to its default in the programs bash starts).
trap 'echo >"$__record_interrupted"' INT
if [[ -n $__record_state && -f $__record_state ]]; then
  . "$__record_state"
fi
eval "$__record_command"
__record_status=$?
[[ -n $__record_state ]] || exit $__record_status
{
  for __record_name in $(compgen -v); do
    case $__record_name in
      __record_*|BASH*|EUID|PPID|SHELLOPTS|UID|GROUPS|FUNCNAME|HISTCMD|LINENO|RANDOM|SRANDOM|SECONDS|EPOCHREALTIME|EPOCHSECONDS|\
      PIPESTATUS|SHLVL|PWD|OLDPWD|_|COLUMNS|LINES|DIRSTACK|OPTIND|OPTARG|OPTERR|IFS|PS4|HOSTNAME|HOSTTYPE|MACHTYPE|OSTYPE|\
      LD_PRELOAD|_STDBUF_*|COMP_*|READLINE_*|MAPFILE|REPLY) continue ;;
    esac
    [[ ${!__record_name@a} == *r* ]] && continue
    declare -p "$__record_name" 2>/dev/null
  done
  declare -f
  alias -p
  printf 'cd -- %q\n' "$PWD"
} >"$__record_state.new" 2>/dev/null && mv -f -- "$__record_state.new" "$__record_state"
exit $__record_status

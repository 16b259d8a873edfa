#!/usr/bin/env bash
# Measures ./lab load itself, in one run: at 1 connection against sockperf's ping-pong (each
# client against a minimal echo: sockperf's own server, our RawEchoServer), then at 1, 100 and
# 1000 connections against the virtual-thread server. Every process it starts it stops by pid.
# Usage: clients/bench/load-benchmark.sh [SECONDS]   (from the repository root, after ./lab help)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
# shellcheck source=../../labs/lib/jdk.sh
source labs/lib/jdk.sh
jdk=$(find_jdk)
[[ -n "$jdk" ]] || { echo "load-benchmark: $no_jdk_message" >&2; exit 2; }
java="$jdk/bin/java"
cp="labs/toolkit/target/lib/*:clients/target/test-classes"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait' EXIT

start() { # start LOG COMMAND... : runs a server, waits for its "listening on" line, sets $port
  # Not to be called in $(...): the pid must be recorded in this shell for the trap to stop it.
  local log=$1; shift
  "$@" >"$log" 2>&1 & pids+=($!)
  for _ in $(seq 150); do
    port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f2 || true)
    [[ -n "$port" ]] && return
    sleep 0.2
  done
  echo "no listening line in $log" >&2; exit 1
}
field() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }
load() { # load PORT CONNECTIONS
  ./lab load --port "$1" --connections "$2" --duration "${secs}s" --payload 64 --json
}
cores=$(nproc)

echo "== 1 connection, 64-byte messages, ${secs} s each: sockperf ping-pong vs ./lab load"
sockperf server --tcp -i 127.0.0.1 -p 17001 >/tmp/load-bench-sockperf-server.log 2>&1 & pids+=($!)
for _ in $(seq 50); do ss -ltn 'sport = :17001' | grep -q LISTEN && break; sleep 0.1; done
sp=$(sockperf ping-pong -i 127.0.0.1 -p 17001 -t "$secs" --msg-size 64 --tcp 2>&1)
sp_msgs=$(echo "$sp" | grep "Total Run" | sed -n 's/.*ReceivedMessages=\([0-9]*\).*/\1/p')
sp_rps=$(echo "$sp_msgs / $secs" | bc -l)
sp_p50=$(echo "$sp" | sed -n 's/.*percentile 50.000 = *\([0-9.]*\).*/\1/p')
sp_p99=$(echo "$sp" | sed -n 's/.*percentile 99.000 = *\([0-9.]*\).*/\1/p')
start /tmp/load-bench-raw.log "$java" -cp "$cp" echolab.clients.RawEchoServer 0; raw=$port
j=$(load "$raw" 1)
l_rps=$(echo "$j" | field throughput_rps); l_p50=$(echo "$j" | field p50); l_p99=$(echo "$j" | field p99)
printf '| client vs server | round trips/s | p50 us | p99 us |\n|---|---|---|---|\n'
printf '| sockperf ping-pong vs sockperf server | %.0f | %s | %s |\n' "$sp_rps" "$sp_p50" "$sp_p99"
printf '| ./lab load (1 conn) vs RawEchoServer | %.0f | %s | %s |\n' "$l_rps" "$l_p50" "$l_p99"
printf 'ratio load/sockperf: %.2f\n\n' "$(echo "$l_rps / $sp_rps" | bc -l)"

echo "== ./lab load against ./lab server virtual, closed loop, 64-byte payload, ${secs} s each"
start /tmp/load-bench-virtual.log ./lab server virtual --port 0; virtual=$port
printf '| connections | throughput req/s | p50 us | p99 us | p99.9 us | errors | load cpu_s | load CPU share of %s cores |\n' "$cores"
printf '|---|---|---|---|---|---|---|---|\n'
for n in 1 100 1000; do
  j=$(load "$virtual" "$n") || true
  errors=$(echo "$j" | grep -o '"errors":{[^}]*}' | grep -o ':[0-9]\+' | tr -d : | paste -sd+ | bc)
  cpu=$(echo "$j" | field cpu_s); dur=$(echo "$j" | field duration_s)
  printf '| %s | %s | %s | %s | %s | %s | %s | %.0f%% |\n' "$n" "$(echo "$j" | field throughput_rps)" \
    "$(echo "$j" | field p50)" "$(echo "$j" | field p99)" "$(echo "$j" | field p999)" "$errors" "$cpu" \
    "$(echo "100 * $cpu / $dur / $cores" | bc -l)"
done

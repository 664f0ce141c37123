#!/usr/bin/env bash
# Benchmarks of issue 2 with wrk (apt-get install wrk): for each server, throughput at 1000
# connections on /api/items/{id} with --db-latency 50ms, and /api/items vs /health at 0ms.
# Usage: bench/wrk-bench.sh [seconds per run, default 15]   (servers must be built: ./mvnw -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh && threadlab_find_jdk
secs=${1:-15}
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
jvm_opts="-Xms512m -Xmx512m -XX:+UseG1GC"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  pid=""
}
trap cleanup EXIT

start() { # model latency -> sets pid, port
  local log; log=$(mktemp)
  "$JAVA_HOME/bin/java" $jvm_opts -jar "server-$1/target/server-$1.jar" --port 0 --db-latency "$2" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$log")
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "bench: server-$1 did not start" >&2; cat "$log" >&2; exit 1
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"; }
rps() { wrk -t2 -c"$1" -d"${secs}s" "$2" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }

printf "| server | items @50ms, 1000 conns (req/s) | bound | share | idle RSS (MB) | RSS at 1000 conns (MB) | /health @0ms (req/s) | items @0ms (req/s) | items/health |\n"
printf "|---|---|---|---|---|---|---|---|---|\n"
for model in blocking virtual reactive; do
  start "$model" 50ms
  sleep 1
  wrk -t2 -c1000 -d5s "http://127.0.0.1:$port/api/items/1" >/dev/null   # JIT warm-up, not measured
  sleep 2
  idle=$(rss_mb)
  wrk -t2 -c1000 -d"${secs}s" "http://127.0.0.1:$port/api/items/1" >/tmp/wrk-$model.txt &
  wpid=$!
  sleep $((secs / 2)); loaded=$(rss_mb); wait $wpid
  items50=$(awk '/Requests\/sec/ {printf "%.0f", $2}' /tmp/wrk-$model.txt)
  cleanup
  if [ "$model" = blocking ]; then bound=4000; else bound=20000; fi
  start "$model" 0ms
  wrk -t2 -c100 -d5s "http://127.0.0.1:$port/api/items/1" >/dev/null
  health=$(rps 100 "http://127.0.0.1:$port/health")
  items0=$(rps 100 "http://127.0.0.1:$port/api/items/1")
  cleanup
  printf "| %s | %s | %s | %s%% | %s | %s | %s | %s | %s%% |\n" "$model" "$items50" "$bound" \
    "$((100 * items50 / bound))" "$idle" "$loaded" "$health" "$items0" "$((100 * items0 / health))"
done

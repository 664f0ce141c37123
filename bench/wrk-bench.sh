#!/usr/bin/env bash
# Benchmarks of issue 2 with wrk (apt-get install wrk): for each server, throughput at 1000
# connections on /api/items/{id} with --db-latency 50ms, and /api/items vs /health at 0ms.
# Usage: bench/wrk-bench.sh [seconds per run, default 15]   (servers must be built: ./mvnw -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh && threadlab_find_jdk
secs=${1:-15}
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
. bench/server.sh
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"; }
rps() { wrk -t2 -c"$1" -d"${secs}s" "$2" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }

printf "| server | items @50ms, 1000 conns (req/s) | bound | share | idle RSS (MB) | RSS at 1000 conns (MB) | /health @0ms (req/s) | items @0ms (req/s) | items/health |\n"
printf "|---|---|---|---|---|---|---|---|---|\n"
for model in blocking virtual reactive; do
  start_server "$model" 50ms
  sleep 1
  wrk -t2 -c1000 -d5s "http://127.0.0.1:$port/api/items/1" >/dev/null   # JIT warm-up, not measured
  sleep 2
  idle=$(rss_mb)
  wrk -t2 -c1000 -d"${secs}s" "http://127.0.0.1:$port/api/items/1" >/tmp/wrk-$model.txt &
  wpid=$!
  sleep $((secs / 2)); loaded=$(rss_mb); wait $wpid
  items50=$(awk '/Requests\/sec/ {printf "%.0f", $2}' /tmp/wrk-$model.txt)
  stop_server
  if [ "$model" = blocking ]; then bound=4000; else bound=20000; fi
  start_server "$model" 0ms
  wrk -t2 -c100 -d5s "http://127.0.0.1:$port/api/items/1" >/dev/null
  health=$(rps 100 "http://127.0.0.1:$port/health")
  items0=$(rps 100 "http://127.0.0.1:$port/api/items/1")
  stop_server
  printf "| %s | %s | %s | %s%% | %s | %s | %s | %s | %s%% |\n" "$model" "$items50" "$bound" \
    "$((100 * items50 / bound))" "$idle" "$loaded" "$health" "$items0" "$((100 * items0 / health))"
done

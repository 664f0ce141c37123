#!/usr/bin/env bash
# What one request costs each server at many connections: wrk drives N keep-alive connections on
# /api/items/1 at --db-latency 100ms (bound N/0.1 s), and the script reads from the server process
# its CPU per request (user and system), GC pauses, live heap and RSS; with strace installed, it
# also counts system calls per response written in a separate 3 s sample (strace slows the server:
# ratios only; both servers write each response with one write).
# Usage: bench/request-cost.sh [connections, default 3200] [seconds, default 10] [servers, default virtual,reactive]
# (servers must be built: ./mvnw -DskipTests package; needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh && threadlab_find_jdk
conns=${1:-3200}
secs=${2:-10}
servers=${3:-virtual,reactive}
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ "$(ulimit -n)" -gt $((conns + 100)) ] || { echo "bench: open-file limit $(ulimit -n) is below $conns connections" >&2; exit 1; }
. bench/server.sh
url_of() { echo "http://127.0.0.1:$port$1"; }
ticks() { awk '{print $14, $15}' "/proc/$pid/stat"; }           # user, system (clock ticks)
stat_of() { curl -s "$(url_of /stats)" | python3 -c "import json,sys; j=json.load(sys.stdin)['jvm']; print($1)"; }

hz=$(getconf CLK_TCK)
bound=$((conns * 10))
printf "| server | req/s (%s conns) | share of %s | p50 (ms) | p99 (ms) | CPU us/req (user+sys) | GC pauses (count, ms) | live heap (MB) | RSS (MB) |" "$conns" "$bound"
command -v strace >/dev/null && printf " syscalls/req: read, write, epoll_ctl, epoll_wait, futex |"
printf "\n|---|---|---|---|---|---|---|---|---|%s\n" "$(command -v strace >/dev/null && echo '---|')"
for model in ${servers//,/ }; do
  start_server "$model" 100ms
  wrk -t2 -c"$conns" -d5s "$(url_of /api/items/1)" >/dev/null   # JIT warm-up, not measured
  sleep 1
  read -r u1 s1 < <(ticks)
  gc1=$(stat_of "j['gcCount'], j['gcTimeMs']")
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$(url_of /api/items/1)" >/tmp/request-cost-$model.txt &
  wpid=$!
  sleep $((secs / 2)); rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"); wait $wpid
  read -r u2 s2 < <(ticks)
  gc2=$(stat_of "j['gcCount'], j['gcTimeMs']")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' /tmp/request-cost-$model.txt)
  p50=$(awk '$1 == "50%" {sub("ms", "", $2); print $2}' /tmp/request-cost-$model.txt)
  p99=$(awk '$1 == "99%" {sub("ms", "", $2); print $2}' /tmp/request-cost-$model.txt)
  requests=$((rps * secs))
  us() { echo $(( ($1) * 1000000 / hz / requests )); }
  read -r c1 t1 <<<"$gc1"; read -r c2 t2 <<<"$gc2"
  # The live heap under load: what a full collection leaves while every connection is open.
  wrk -t2 -c"$conns" -d4s "$(url_of /api/items/1)" >/dev/null &
  wpid=$!
  sleep 2; "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null; live=$(stat_of "round(j['heapUsedBytes'] / 1048576)")
  wait $wpid
  row="| $model | $rps | $((100 * rps / bound))% | $p50 | $p99 | $(us "u2 - u1 + s2 - s1") ($(us "u2 - u1")+$(us "s2 - s1")) | $((c2 - c1)), $((t2 - t1)) | $live | $rss |"
  if command -v strace >/dev/null; then
    wrk -t2 -c"$conns" -d6s "$(url_of /api/items/1)" >/dev/null &
    wpid=$!
    sleep 2; timeout -s INT 3 strace -c -f -p "$pid" -o /tmp/request-cost-strace-$model.txt >/dev/null 2>&1 || true
    wait $wpid
    row="$row $(awk '$NF ~ /^(read|write|epoll_ctl|epoll_wait|futex)$/ {c[$NF] = $4}
      END { w = c["write"] > 0 ? c["write"] : 1
            printf "%.2f, 1, %.2f, %.2f, %.2f |", c["read"] / w, c["epoll_ctl"] / w, c["epoll_wait"] / w, c["futex"] / w }' \
      /tmp/request-cost-strace-$model.txt)"
  fi
  echo "$row"
  stop_server
done

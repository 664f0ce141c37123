# Sourced by the bench scripts: one server at a time, each in its own JVM with the lab's default
# JVM options (the same for all three), plus BENCH_EXTRA_JVM_OPTS if set (to try a JVM flag), stopped
# on exit however the script ends.
jvm_opts="-Xms512m -Xmx512m -XX:+UseG1GC ${BENCH_EXTRA_JVM_OPTS:-}"
pid=""
port=""
server_log=""

stop_server() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  pid=""
  if [ -n "$server_log" ]; then rm -f "$server_log"; fi
  server_log=""
}
trap stop_server EXIT

start_server() { # model db-latency -> sets pid and port
  server_log=$(mktemp)
  "$JAVA_HOME/bin/java" $jvm_opts -jar "server-$1/target/server-$1.jar" --port 0 --db-latency "$2" >"$server_log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$server_log")
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "bench: server-$1 did not start" >&2; cat "$server_log" >&2; exit 1
}

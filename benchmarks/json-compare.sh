#!/usr/bin/env bash
# What a JSON message costs the server (issue 14): one wsboot server (JsonEchoServer, one event
# loop, pinned to one core) with a byte echo on /bytes and a typed JSON echo on /json (decoded
# into a record by Jackson through the starter's JsonHandler, sent back with WsJson); the same
# ~90-byte JSON chat messages to both, driven by JsonEchoClient on the other core, every echo
# checked byte for byte. Workload a: 100 connections, 1 message in flight each; b: 16 in flight.
#
#   benchmarks/json-compare.sh                  # ROUNDS=3
#   ROUNDS=1 DUR=5 benchmarks/json-compare.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/jdk.sh"
ROUNDS=${ROUNDS:-3}
DUR=${DUR:-8}
WARM=${WARM:-4}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
JVM_OPTS=${JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch}
OUT=${OUT:-${TMPDIR:-/tmp}/wsbench-json-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

(cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
cp="$root/benchmarks/target/wsboot-bench.jar"
java="$jdk/bin/java"
port=23500
JAVA_TOOL_OPTIONS="$JVM_OPTS" taskset -c "$SERVER_CPU" "$java" -cp "$cp" io.wsboot.bench.JsonEchoServer "$port" > "$OUT/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

echo "json vs bytes: ${DUR}s measured after ${WARM}s, $ROUNDS rounds; results in $OUT"
printf '%-9s %-6s %5s %12s %16s\n' workload path round msgs/s server_us/msg | tee "$OUT/summary.txt"
for r in $(seq "$ROUNDS"); do
  for w in a b; do
    depth=$([ "$w" = a ] && echo 1 || echo 16)
    for path in /bytes /json; do
      res=$(taskset -c "$CLIENT_CPU" "$java" -cp "$cp" io.wsboot.bench.JsonEchoClient "$port" "$path" 100 "$depth" "$WARM" "$DUR" "$pid" 2>>"$OUT/client.log" \
        | sed -n 's/^RESULT //p')
      echo "$res" >> "$OUT/results.jsonl"
      rate=$(echo "$res" | python3 -c "import json,sys; print(json.load(sys.stdin)['msgs_per_s'])")
      us=$(echo "$res" | python3 -c "import json,sys; print(json.load(sys.stdin)['server_cpu_us_per_msg'])")
      printf '%-9s %-6s %5s %12s %16s\n' "$w" "$path" "$r" "$rate" "$us" | tee -a "$OUT/summary.txt"
    done
  done
done

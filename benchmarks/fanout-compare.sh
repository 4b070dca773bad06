#!/usr/bin/env bash
# Topic fan-out side by side (issue 13): one publisher to SUBS subscribers of one topic, wsboot's
# Topics against Netty broadcasting one retained buffer to a ChannelGroup (NettyFanoutServer),
# driven by shared/bench/wsload fanout (every delivery checked for order, gaps, duplicates and
# content). Server pinned to one core, wsload to the other. Then the heap of SUBS subscribed
# connections against SUBS that subscribe to nothing (what a subscription costs), and, with
# REDIS=1, delivery latency across two wsboot instances through a real redis-server.
#
#   benchmarks/fanout-compare.sh                 # SUBS="1000 10000", ROUNDS=3
#   SUBS=1000 ROUNDS=1 REDIS=1 benchmarks/fanout-compare.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SHARED=${SHARED:-$(cd "$root/../shared" && pwd)}
. "$here/jdk.sh"
SUBS=${SUBS:-1000 10000}
ROUNDS=${ROUNDS:-3}
DUR=${DUR:-8}
WARM=${WARM:-2}
SIZE=${SIZE:-64}
WINDOW=${WINDOW:-8}
REDIS=${REDIS:-1}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
JVM_OPTS=${JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch}
OUT=${OUT:-${TMPDIR:-/tmp}/wsbench-fanout-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"

. "$here/wsload.sh"
(cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
cp="$root/benchmarks/target/wsboot-bench.jar"
java="$jdk/bin/java"
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; wait 2>/dev/null || true; }
trap cleanup EXIT

start() { # name main port [args...] -> sets PID
  local name=$1 main=$2 port=$3; shift 3
  JAVA_TOOL_OPTIONS="$JVM_OPTS" taskset -c "$SERVER_CPU" "$java" -cp "$cp" "$main" "$port" "$@" > "$OUT/server-$name-$port.log" 2>&1 &
  PID=$!
  pids+=("$PID")
  for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.1; done
  echo "server $name did not start" >&2; exit 1
}
stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null || true; }
field() { sed -n 's/^RESULT //p' "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d$2)"; }

heap_kb() { # pid: used heap after a full GC
  local jcmd=$jdk/bin/jcmd
  "$jcmd" "$1" GC.run >/dev/null 2>&1
  "$jcmd" "$1" GC.heap_info 2>/dev/null | grep -o 'total [0-9]*K, used [0-9]*K' | sed 's/.*used \([0-9]*\)K/\1/' | awk '{s += $1} END {print s}'
}

port=23000
echo "fan-out: SIZE=$SIZE window=$WINDOW, ${DUR}s measured after ${WARM}s, $ROUNDS rounds; results in $OUT"
printf '%-8s %6s %5s %12s %14s %10s %10s\n' server subs round deliveries/s cpu_us/deliv p50_us p99_us | tee "$OUT/summary.txt"
for r in $(seq "$ROUNDS"); do
  for n in $SUBS; do
    for impl in netty wsboot; do
      port=$((port + 1))
      main=io.wsboot.bench.FanoutServer; [ $impl = netty ] && main=io.wsboot.bench.NettyFanoutServer
      start $impl $main $port
      sleep 2
      log=$OUT/fanout-$impl-$n-r$r.txt
      taskset -c "$CLIENT_CPU" "$bench/wsload" fanout -c "$n" -p 1 -s "$SIZE" --text -w "$WINDOW" -W "$WARM" -D "$DUR" \
        --settle 2 --pid "$PID" "ws://127.0.0.1:$port/sub" "ws://127.0.0.1:$port/pub" > "$log" 2>&1 || echo "wsload failed: $log" >&2
      printf '%-8s %6s %5s %12s %14s %10s %10s\n' $impl "$n" "$r" \
        "$(field "$log" "['deliveries_per_s']" 2>/dev/null)" "$(field "$log" "['server_us_per_delivery']" 2>/dev/null)" \
        "$(field "$log" "['lat_us']['p50']" 2>/dev/null)" "$(field "$log" "['lat_us']['p99']" 2>/dev/null)" | tee -a "$OUT/summary.txt"
      stop "$PID"
    done
  done
done

# heap: N connections subscribed to one topic, against N that subscribed to nothing
n=${HEAP_N:-10000}
echo "heap with $n connections held (used heap after a full GC)" | tee -a "$OUT/summary.txt"
for impl in wsboot netty; do
  main=io.wsboot.bench.FanoutServer; [ $impl = netty ] && main=io.wsboot.bench.NettyFanoutServer
  for path in idle sub; do
    port=$((port + 1))
    start $impl $main $port
    sleep 2
    taskset -c "$CLIENT_CPU" "$bench/wsload" connect -c "$n" -H 12 "ws://127.0.0.1:$port/$path" > "$OUT/connect-$impl-$path.txt" 2>&1 &
    w=$!
    sleep 8
    kb=$(heap_kb "$PID")
    wait $w || true
    echo "$impl /$path: $kb KiB" | tee -a "$OUT/summary.txt"
    eval "heap_${impl}_${path}=$kb"
    stop "$PID"
  done
  eval "d=\$((heap_${impl}_sub - heap_${impl}_idle))"
  echo "$impl: $(( d * 1024 / n )) bytes of heap per subscription beyond the connection" | tee -a "$OUT/summary.txt"
done

if [ "$REDIS" = 1 ]; then
  rport=$((port + 100))
  redis-server --port $rport --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
  rpid=$!; pids+=("$rpid")
  sleep 1
  for n in ${REDIS_SUBS:-100 1000}; do
    a=$((port + 1)) b=$((port + 2)); port=$b
    start relay-a io.wsboot.bench.RelayFanoutServer $a $rport; pa=$PID
    start relay-b io.wsboot.bench.RelayFanoutServer $b $rport; pb=$PID
    sleep 2
    log=$OUT/relay-$n.txt
    # subscribers on instance a, the publisher on instance b: every delivery crossed Redis
    taskset -c "$CLIENT_CPU" "$bench/wsload" fanout -c "$n" -p 1 -s "$SIZE" --text -w "$WINDOW" -W "$WARM" -D "$DUR" \
      --settle 3 "ws://127.0.0.1:$a/sub" "ws://127.0.0.1:$b/pub" > "$log" 2>&1 || echo "wsload failed: $log" >&2
    echo "across instances through Redis, $n subscribers: $(field "$log" "['deliveries_per_s']") deliveries/s, latency p50 $(field "$log" "['lat_us']['p50']") us, p99 $(field "$log" "['lat_us']['p99']") us" | tee -a "$OUT/summary.txt"
    stop "$pa"; stop "$pb"
  done
  stop "$rpid"
fi

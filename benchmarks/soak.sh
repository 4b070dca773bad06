#!/usr/bin/env bash
# Soak: sustained echo at high load for SEGMENTS x SEG seconds against the wsboot echo server,
# with wsload verifying every echoed byte, alternating message shapes and a connection churn
# burst between segments. After each segment: the server's live heap after a full GC, its RSS,
# its threads and file descriptors. Passes when every segment reports zero errors and the heap
# after GC stays flat.
#   SEGMENTS=6 SEG=50 benchmarks/soak.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SHARED=${SHARED:-$(cd "$root/../shared" && pwd)}
SEGMENTS=${SEGMENTS:-6} SEG=${SEG:-50} PORT=${PORT:-22600}
. "$here/jdk.sh"
ulimit -n "$(ulimit -Hn)"
[ -x "$SHARED/bench/wsload" ] || make -C "$SHARED/bench" >/dev/null
(cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
taskset -c 0 "$jdk/bin/java" -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$root/benchmarks/target/wsboot-bench.jar" "$PORT" > /tmp/soak-server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
heap() { "$jdk/bin/jcmd" $pid GC.run >/dev/null; "$jdk/bin/jcmd" $pid GC.heap_info | grep -o 'used [0-9]*K' | head -2 | tr -dc '0-9\n' | awk '{s+=$1} END {print s}'; }
state() { echo "heap_after_gc_kb=$(heap) rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status) threads=$(ls /proc/$pid/task | wc -l) fds=$(ls /proc/$pid/fd | wc -l)"; }
shapes=("-c 200 -d 4 -s 64 --text" "-c 50 -d 8 -s 4096 -b" "-c 100 -d 16 -s 512 --text" "-c 4 -d 2 -s 256k -b")
echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); SEGMENTS=$SEGMENTS SEG=$SEG"
echo "start: $(state)"
errors=0
for i in $(seq "$SEGMENTS"); do
  shape=${shapes[$(( (i - 1) % ${#shapes[@]} ))]}
  out=$(taskset -c 1 "$SHARED/bench/wsload" echo $shape -w 1 -D "$SEG" --pid $pid "ws://127.0.0.1:$PORT/" 2>&1 | grep '^RESULT' | cut -c8-)
  e=$(grep -o '"error_total":[0-9]*' <<< "$out" | cut -d: -f2)
  errors=$((errors + ${e:-1}))
  churn=$(taskset -c 1 "$SHARED/bench/wsload" connect -c 2000 -H 1 "ws://127.0.0.1:$PORT/" 2>&1 | grep '^RESULT' | grep -o '"error_total":[0-9]*' | cut -d: -f2)
  errors=$((errors + ${churn:-1}))
  echo "segment $i [$shape]: $(grep -o '"msgs_per_s":[0-9.]*' <<< "$out") $(grep -o '"verified_total":[0-9]*' <<< "$out") errors=${e:-?} churn_errors=${churn:-?}; $(state)"
done
echo "total errors: $errors"
[ "$errors" -eq 0 ]

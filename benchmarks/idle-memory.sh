#!/usr/bin/env bash
# Server memory per idle connection, with and without permessage-deflate negotiated: N raw
# connections (each sends one message and gets its echo), then the server's live heap after a
# full GC (jcmd) and its RSS growth, per connection.
#   N=10000 benchmarks/idle-memory.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
N=${N:-10000}
PORT=${PORT:-22500}
. "$here/jdk.sh"
ulimit -n "$(ulimit -Hn)"
(cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
jar=$root/benchmarks/target/wsboot-bench.jar
heap_kb() { "$jdk/bin/jcmd" "$1" GC.run > /dev/null; "$jdk/bin/jcmd" "$1" GC.heap_info | grep -o 'used [0-9]*K' | head -2 | tr -dc '0-9\n' | awk '{s+=$1} END {print s}'; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
for mode in plain deflate; do
  taskset -c 0 "$jdk/bin/java" -Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch -jar "$jar" "$PORT" > /dev/null 2>&1 &
  spid=$!
  for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
  sleep 1
  h0=$(heap_kb $spid); r0=$(rss_kb $spid)
  fifo=$(mktemp -u); mkfifo "$fifo"
  taskset -c 1 "$jdk/bin/java" -cp "$jar" io.wsboot.bench.IdleBench "$PORT" "$N" "$mode" < "$fifo" > /tmp/idle-$mode.out 2>&1 &
  cpid=$!
  exec 7> "$fifo"
  for _ in $(seq 600); do grep -q HOLDING /tmp/idle-$mode.out && break; sleep 0.2; done
  h1=$(heap_kb $spid); r1=$(rss_kb $spid)
  echo "$mode: $(cat /tmp/idle-$mode.out | tr -d '\n'); heap $(( (h1 - h0) * 1000 / N ))e-3 KiB/conn, RSS $(( (r1 - r0) * 1000 / N ))e-3 KiB/conn"
  exec 7>&-; wait $cpid || true; rm -f "$fifo"
  kill $spid; wait $spid 2>/dev/null || true
done

#!/usr/bin/env bash
# Client echo throughput: wsboot's WsClient vs the JDK's java.net.http.WebSocket vs Netty's
# WebSocket client (wsboot in both read models: a thread per connection, one shared event
# loop), against the same wsboot echo server, in the same run.
#   server pinned to CPU 0, each client run in a fresh JVM pinned to CPU 1; ROUNDS rounds;
#   workloads "CONNS:DEPTH" with SIZE-byte text messages; medians and ratios to wsboot.
#   ROUNDS=3 DUR=5 WARM=2 SIZE=32 WORKLOADS="1:1 1:16 16:1" benchmarks/client-compare.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ROUNDS=${ROUNDS:-3} DUR=${DUR:-5} WARM=${WARM:-2} SIZE=${SIZE:-32}
WORKLOADS=${WORKLOADS:-"1:1 1:16 16:1"}
IMPLS=${IMPLS:-"wsboot wsboot-loop jdk netty"}
OUT=${OUT:-${TMPDIR:-/tmp}/wsbench-client-$(date +%Y%m%d-%H%M%S)}
PORT=${PORT:-22300}
. "$here/jdk.sh"
java=${jdk:+$jdk/bin/}java
mkdir -p "$OUT"
(cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
cd "$root/benchmarks/target"
JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC"
taskset -c 0 "$java" $JAVA_OPTS -jar wsboot-bench.jar "$PORT" > "$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
{ echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"; echo "java: $("$java" -version 2>&1 | head -1)"; echo "ROUNDS=$ROUNDS DUR=$DUR WARM=$WARM SIZE=$SIZE"; } > "$OUT/meta.txt"
: > "$OUT/results.tsv"
for r in $(seq "$ROUNDS"); do
  for w in $WORKLOADS; do
    for impl in $IMPLS; do
      res=$(taskset -c 1 "$java" $JAVA_OPTS -cp "wsboot-bench.jar:lib/*" io.wsboot.bench.ClientBench "$impl" "$PORT" \
            "${w%%:*}" "${w##*:}" "$SIZE" "$WARM" "$DUR" 2>>"$OUT/client.log" | grep '^RESULT' | cut -c8-)
      echo "$(date +%H:%M:%S) r$r $w $impl $res" | tee -a "$OUT/log.txt" >&2
      printf '%s\t%s\t%s\t%s\n' "$r" "$w" "$impl" "$res" >> "$OUT/results.tsv"
    done
  done
done
python3 - "$OUT" $IMPLS <<'PY' | tee "$OUT/table.md"
import json, statistics, sys
out, impls = sys.argv[1], sys.argv[2:]
rows = {}
for line in open(f"{out}/results.tsv"):
    r, w, i, js = line.rstrip("\n").split("\t", 3)
    try:
        rows.setdefault((w, i), {})[r] = json.loads(js)
    except ValueError:
        pass
ws = sorted({w for w, _ in rows}, key=lambda s: tuple(int(x) for x in s.split(":")))
print("Medians over rounds; (ratio) = median of per-round ratios to wsboot. conns:depth, 32-byte text.\n")
print("| client | " + " | ".join(f"{w} msg/s | {w} client CPU us/msg" for w in ws) + " |")
print("|---|" + "---:|---:|" * len(ws))
for i in impls:
    cells = []
    for w in ws:
        d = rows.get((w, i), {})
        base = rows.get((w, "wsboot"), {})
        if not d:
            cells += ["-", "-"]
            continue
        v = statistics.median(x["msgs_per_s"] for x in d.values())
        q = [d[r]["msgs_per_s"] / base[r]["msgs_per_s"] for r in d if r in base and base[r]["msgs_per_s"]]
        c = statistics.median(x["client_cpu_us_per_msg"] for x in d.values())
        cells += [f"{v:,.0f} ({statistics.median(q):.2f})" if q else f"{v:,.0f}", f"{c:.2f}"]
    print(f"| {i} | " + " | ".join(cells) + " |")
PY

#!/usr/bin/env bash
# Compressed echo (permessage-deflate, 4 KiB JSON-like text) against the Netty peer with
# compression on and the wsboot echo server (its default: no context takeover; and with context
# takeover both ways, as Netty does), in the same run. Load: this project's client offering
# permessage-deflate (CompressedBench), pinned to CPU 1; servers pinned to CPU 0, one at a time.
#   ROUNDS=3 DUR=8 WARM=3 CONNS=8 DEPTH=4 benchmarks/compression-compare.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SHARED=${SHARED:-$(cd "$root/../shared" && pwd)}
ROUNDS=${ROUNDS:-3} DUR=${DUR:-8} WARM=${WARM:-3} CONNS=${CONNS:-8} DEPTH=${DEPTH:-4}
OUT=${OUT:-${TMPDIR:-/tmp}/wsbench-deflate-$(date +%Y%m%d-%H%M%S)}
PORT=${PORT:-22400}
. "$here/jdk.sh"
mkdir -p "$OUT"
(cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
jar=$root/benchmarks/target/wsboot-bench.jar
export JAVA_HOME=$jdk JAVA_TOOL_OPTIONS="-Xms1g -Xmx1g -XX:+UseParallelGC"
declare -A CMD=(
  [netty]="$SHARED/peers/run.sh netty $PORT"
  [wsboot]="$jdk/bin/java -jar $jar $PORT"
  [wsboot-context]="$jdk/bin/java -Dwsboot.compression=context -jar $jar $PORT"
)
SERVERS=${SERVERS:-"netty wsboot wsboot-context"}
{ echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"; echo "ROUNDS=$ROUNDS DUR=$DUR WARM=$WARM CONNS=$CONNS DEPTH=$DEPTH"; } > "$OUT/meta.txt"
: > "$OUT/results.tsv"
for r in $(seq "$ROUNDS"); do
  for s in $SERVERS; do
    taskset -c 0 bash -c "exec ${CMD[$s]}" > "$OUT/server-$s-r$r.log" 2>&1 &
    spid=$!
    for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
    pid=$(ss -Hltnp "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    # warm-up run, then the measured one
    taskset -c 1 env -u JAVA_TOOL_OPTIONS "$jdk/bin/java" -cp "$jar:$root/benchmarks/target/lib/*" io.wsboot.bench.CompressedBench \
      "$PORT" "$pid" "$CONNS" "$DEPTH" 1 "$WARM" > /dev/null 2>>"$OUT/client.log" || true
    res=$(taskset -c 1 env -u JAVA_TOOL_OPTIONS "$jdk/bin/java" -cp "$jar:$root/benchmarks/target/lib/*" io.wsboot.bench.CompressedBench \
      "$PORT" "$pid" "$CONNS" "$DEPTH" 1 "$DUR" 2>>"$OUT/client.log" | grep '^RESULT' | cut -c8-)
    echo "$(date +%H:%M:%S) r$r $s $res" | tee -a "$OUT/log.txt" >&2
    printf '%s\t%s\t%s\n' "$r" "$s" "$res" >> "$OUT/results.tsv"
    kill "$spid" 2>/dev/null; [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait "$spid" 2>/dev/null || true
    sleep 1
  done
done
python3 - "$OUT" $SERVERS <<'PY' | tee "$OUT/table.md"
import json, statistics, sys
out, servers = sys.argv[1], sys.argv[2:]
rows = {}
for line in open(f"{out}/results.tsv"):
    r, s, js = line.rstrip("\n").split("\t", 2)
    try:
        rows.setdefault(s, {})[r] = json.loads(js)
    except ValueError:
        pass
base = servers[0]
print(f"Medians of rounds; (ratio) = median of per-round ratios to {base}.\n")
print("| server | msg/s | server CPU us/msg | mismatches |")
print("|---|---:|---:|---:|")
for s in servers:
    d = rows.get(s, {})
    if not d:
        print(f"| {s} | - | - | - |"); continue
    v = statistics.median(x["msgs_per_s"] for x in d.values())
    c = statistics.median(x["server_cpu_us_per_msg"] for x in d.values())
    q = [d[r]["msgs_per_s"] / rows[base][r]["msgs_per_s"] for r in d if r in rows.get(base, {})]
    qc = [d[r]["server_cpu_us_per_msg"] / rows[base][r]["server_cpu_us_per_msg"] for r in d if r in rows.get(base, {})]
    print(f"| {s} | {v:,.0f} ({statistics.median(q):.2f}) | {c:.2f} ({statistics.median(qc):.2f}) | {sum(x['mismatches'] for x in d.values())} |")
PY

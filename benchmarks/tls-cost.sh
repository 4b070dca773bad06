#!/usr/bin/env bash
# What TLS costs the server: the same echo server twice, once on ws:// and once on wss://
# (self-signed, TLS 1.3 as wsload offers it), both pinned to CPU 0, driven in turn by wsload on
# CPU 1 with compare.sh's workloads a, b and c. Prints the server's CPU per echoed message for
# each, and the wss/ws ratio per round (paired: a slow moment of the machine hits both).
#
#   ROUNDS=5 DUR=8 benchmarks/tls-cost.sh [JAR_DIR]    # JAR_DIR holds wsboot-bench.jar and lib/
#
# Needs wsload built with TLS (Debian's libssl-dev; WSLOAD=path/to/wsload), keytool, taskset.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar_dir=${1:-$here/target}
WSLOAD=${WSLOAD:-$here/../../shared/bench/wsload}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
ROUNDS=${ROUNDS:-5}
DUR=${DUR:-8}
WARM=${WARM:-2}
WORKLOADS=${WORKLOADS:-a b c}
JVM_OPTS=${JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch}
PLAIN_PORT=${PLAIN_PORT:-22101}
TLS_PORT=${TLS_PORT:-22102}
out=$(mktemp -d)
trap 'kill $plain $tls 2>/dev/null || true; rm -rf "$out"' EXIT

"$WSLOAD" --help 2>&1 | grep -q "TLS via" || { echo "wsload was built without TLS (install libssl-dev, make -B)" >&2; exit 2; }
keytool=${JAVA_HOME:+$JAVA_HOME/bin/}keytool
"$keytool" -genkeypair -alias bench -keyalg EC -groupname secp256r1 -dname CN=localhost -validity 2 \
  -storetype PKCS12 -keystore "$out/ks.p12" -storepass secret -keypass secret > /dev/null 2>&1

start() { # port [jvm flags...]
  local port=$1; shift
  taskset -c 0 "$java" $JVM_OPTS "$@" -jar "$jar_dir/wsboot-bench.jar" "$port" > "$out/server-$port.log" 2>&1 &
  echo $!
}
plain=$(start $PLAIN_PORT)
tls=$(start $TLS_PORT -Dwsboot.tls.keystore="$out/ks.p12" -Dwsboot.tls.password=secret)
for p in $PLAIN_PORT $TLS_PORT; do
  for _ in $(seq 100); do grep -q READY "$out/server-$p.log" 2>/dev/null && break; sleep 0.1; done
done

load() { # workload url pid -> "round_trips_per_s server_cpu_us_per_msg"
  local w=$1 url=$2 pid=$3 args
  case $w in
    a) args="-c 100 -d 1 -s 32 --text" ;;
    b) args="-c 100 -d 16 -s 32 -b" ;;
    c) args="-c 50 -d 4 -s 4096 -b" ;;
    *) echo "unknown workload $w" >&2; exit 2 ;;
  esac
  taskset -c 1 "$WSLOAD" echo $args -w "$WARM" -D "$DUR" --pid "$pid" "$url" 2>/dev/null | grep '^RESULT' | python3 -c '
import json, sys
r = json.loads(sys.stdin.read().split(" ", 1)[1])
assert r["pass"] and r["error_total"] == 0, r
print("%.0f %.3f" % (r["msgs_per_s"], r["server_cpu_pct"] * 1e4 / r["msgs_per_s"]))'
}

# warm both JITs on every shape
for w in $WORKLOADS; do
  DUR=5 load "$w" "ws://127.0.0.1:$PLAIN_PORT/" $plain > /dev/null
  DUR=5 load "$w" "wss://localhost:$TLS_PORT/" $tls > /dev/null
done

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); java: $("$java" -version 2>&1 | head -1); rounds: $ROUNDS x ${DUR}s"
echo "workload round   ws_rt/s  ws_us/msg   wss_rt/s  wss_us/msg  wss/ws"
for r in $(seq "$ROUNDS"); do
  for w in $WORKLOADS; do
    read -r prt pus <<< "$(load "$w" "ws://127.0.0.1:$PLAIN_PORT/" $plain)"
    read -r trt tus <<< "$(load "$w" "wss://localhost:$TLS_PORT/" $tls)"
    ratio=$(python3 -c "print('%.2f' % ($tus / $pus))")
    printf "%-8s %5s %9s %10s %10s %11s %7s\n" "$w" "$r" "$prt" "$pus" "$trt" "$tus" "$ratio"
    echo "$w $ratio $pus $tus" >> "$out/ratios"
  done
done
echo "median wss/ws server CPU per message (spread min-max):"
python3 - "$out/ratios" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for w in sorted({r[0] for r in rows}):
    rs = sorted(float(r[1]) for r in rows if r[0] == w)
    ws = statistics.median(float(r[2]) for r in rows if r[0] == w)
    wss = statistics.median(float(r[3]) for r in rows if r[0] == w)
    print("  %s: %.2fx (%.2f-%.2f)   ws %.2f us, wss %.2f us" % (w, statistics.median(rs), rs[0], rs[-1], ws, wss))
EOF

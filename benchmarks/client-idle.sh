#!/usr/bin/env bash
# Client memory per idle connection: wsboot's WsClient with a read thread per connection and on
# one shared event loop, and Netty's WebSocket client, each in a fresh JVM opening N connections
# to the same wsboot echo server (each sends one message and gets its echo, then idles).
#   N=2000 IMPLS="wsboot wsboot-loop netty" benchmarks/client-idle.sh
#   TLS=1 N=2000 benchmarks/client-idle.sh      # wss:// (wsboot only)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
N=${N:-2000}
PORT=${PORT:-22600}
IMPLS=${IMPLS:-"wsboot wsboot-loop netty"}
. "$here/jdk.sh"
java=${jdk:+$jdk/bin/}java
ulimit -n "$(ulimit -Hn)"
(cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
cd "$root/benchmarks/target"
tlsopts=""
if [ -n "${TLS:-}" ]; then # wss://: a self-signed key store made now, trusted by the clients
  ks=$(mktemp -d)/echo.p12
  "${jdk:+$jdk/bin/}keytool" -genkeypair -alias echo -keyalg EC -groupname secp256r1 -dname CN=localhost \
    -ext san=dns:localhost,ip:127.0.0.1 -validity 2 -keystore "$ks" -storetype PKCS12 -storepass secret > /dev/null 2>&1
  tlsopts="-Dwsboot.tls.password=secret"
  IMPLS=${IMPLS/netty/}
fi
taskset -c 0 "$java" -Xms1g -Xmx1g -XX:+UseParallelGC ${TLS:+-Dwsboot.tls.keystore=$ks} $tlsopts -jar wsboot-bench.jar "$PORT" > /dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); java: $("$java" -version 2>&1 | head -1); N=$N${TLS:+; wss://}"
echo
echo "| client | live heap KiB/conn | threads added | RSS KiB/conn |"
echo "|---|---:|---:|---:|"
for impl in $IMPLS; do
  res=$(taskset -c 1 "$java" -Xms1g -Xmx1g -XX:+UseParallelGC ${TLS:+-Dwsboot.tls.truststore=$ks} $tlsopts \
        -cp "wsboot-bench.jar:lib/*" io.wsboot.bench.ClientIdleBench \
        "$impl" "$PORT" "$N" 2>&1 | grep '^RESULT' | cut -c8-)
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("| %s | %.2f | %d | %.1f |" % (d["impl"], d["heap_kib_per_conn"], d["threads_added"], d["rss_kib_per_conn"]))' "$res"
done

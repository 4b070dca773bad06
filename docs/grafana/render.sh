#!/usr/bin/env bash
# Takes docs/grafana/dashboard.png: runs the sample application under load (wsload echo and
# chat members publishing, a few refused handshakes), scrapes its /actuator/prometheus every
# second, and has headless Chromium draw the dashboard's panels from the scrapes (preview.html).
# No Grafana runs here; the picture is of the dashboard's queries over real data.
#   docs/grafana/render.sh        (needs chromium, and ../shared/bench/wsload or $WSLOAD)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
SHARED=${SHARED:-$(cd "$root/../shared" && pwd)}
. "$root/benchmarks/jdk.sh"
. "$root/benchmarks/wsload.sh"
SECONDS_OF_DATA=${SECONDS_OF_DATA:-40}
out=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null || true; rm -rf "$out"' EXIT
python3 "$here/make-dashboard.py" > /dev/null
(cd "$root" && ./mvnw -q -B -pl sample-app -am package -DskipTests)
"$jdk/bin/java" -jar "$root/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar" --server.port=18090 --ws.port=19290 > "$out/app.log" 2>&1 &
for _ in $(seq 300); do curl -s -o /dev/null http://127.0.0.1:18090/actuator/health && break; sleep 0.2; done
ulimit -n "$(ulimit -Hn)"
"$bench/wsload" connect -c 300 --sources 16 --rate 40 -H $((SECONDS_OF_DATA + 5)) --ping 2 --hold-msg ws://127.0.0.1:19290/echo > /dev/null 2>&1 &
# chat members in two rooms, each saying something every second (Debian's python3-websockets)
/usr/bin/python3 - "$SECONDS_OF_DATA" > /dev/null 2>&1 <<'PY' &
import asyncio, sys, websockets
async def member(i, until):
    async with websockets.connect(f"ws://127.0.0.1:19290/chat?name=m{i}&room=r{i % 2}", origin="http://127.0.0.1:18090") as ws:
        loop = asyncio.get_running_loop()
        while loop.time() < until:
            await ws.send(f"hello from m{i}")
            try:
                while True:
                    await asyncio.wait_for(ws.recv(), 0.05)
            except asyncio.TimeoutError:
                pass
            await asyncio.sleep(1)
async def main():
    until = asyncio.get_running_loop().time() + float(sys.argv[1]) + 5
    await asyncio.gather(*(member(i, until) for i in range(20)))
asyncio.run(main())
PY
( sleep 8; "$bench/wsload" echo -c 50 -d 4 -s 256 -w 1 -D $((SECONDS_OF_DATA - 20)) ws://127.0.0.1:19290/echo > /dev/null 2>&1 ) &
( for i in $(seq 12); do sleep 2; curl -s -o /dev/null -H 'Upgrade: websocket' -H 'Connection: Upgrade' -H 'Sec-WebSocket-Version: 13' \
    -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' http://127.0.0.1:19290/nowhere; done ) &
echo "const SCRAPES = [" > "$out/scrapes.js"
for i in $(seq "$SECONDS_OF_DATA"); do
  t=$(date +%s%3N)
  body=$(curl -s http://127.0.0.1:18090/actuator/prometheus | grep '^ws_' | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')
  echo "{\"t\": $t, \"text\": $body}," >> "$out/scrapes.js"
  sleep 1
done
echo "];" >> "$out/scrapes.js"
echo "const DASHBOARD = $(cat "$here/wsboot.json");" > "$out/dashboard.js"
cp "$here/preview.html" "$out/"
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1500,1500 \
  --screenshot="$here/dashboard.png" "file://$out/preview.html" > /dev/null 2>&1
echo "wrote $here/dashboard.png"

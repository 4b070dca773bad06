#!/usr/bin/env bash
# The real programs the tests talk to ("peers"): checks that each named peer is usable, installs
# node's ws package (pinned by package-lock.json) for the node peer, and, with --install, the
# Debian packages that are missing when this user may (root, or sudo).
# When a peer is still missing it says what to install and how, and fails: a test run then stops
# here, before any test, instead of failing deep inside the interop tests.
#
#   tools/test-peers.sh [--install] PEER...     PEER: jdk python3-websockets openssl node-ws chromium redis, or all
#
# The Maven build runs it before the tests of the modules that use peers (check only, plus the
# npm install); ./test.sh runs it with --install first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
node_dir=$root/ws-engine/src/test/node

install=false
if [ "${1:-}" = --install ]; then install=true; shift; fi
peers=("$@")
if [ "${peers[*]:-}" = all ] || [ ${#peers[@]} -eq 0 ]; then
  peers=(jdk python3-websockets openssl node-ws chromium redis)
fi

# the python the tests run (Processes.python()): Debian's, else the first on the PATH
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3

javac_cmd() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then echo "$JAVA_HOME/bin/javac"; else command -v javac || true; fi
}

present() { # PEER: usable as the tests use it
  case $1 in
    jdk)
      local javac; javac=$(javac_cmd)
      [ -n "$javac" ] && [ "$("$javac" -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')" -ge 17 ] 2>/dev/null ;;
    python3-websockets) "$python" -c 'import websockets' >/dev/null 2>&1 ;;
    openssl) command -v openssl >/dev/null ;;
    node-ws) command -v node >/dev/null && command -v npm >/dev/null ;;
    chromium) [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] ;;
    redis) command -v redis-server >/dev/null ;;
    *) echo "test-peers.sh: unknown peer $1" >&2; exit 2 ;;
  esac
}

packages() { # PEER: the Debian packages that provide it
  case $1 in
    jdk) echo openjdk-17-jdk-headless ;;
    python3-websockets) echo python3-websockets ;;
    openssl) echo openssl ;;
    node-ws) echo nodejs npm ;;
    chromium) echo chromium chromium-driver ;;
    redis) echo redis-server ;;
  esac
}

purpose() { # PEER: what the tests use it for
  case $1 in
    jdk) echo "a JDK 17 or newer, to build" ;;
    python3-websockets) echo "interop tests: an independent WebSocket client and server" ;;
    openssl) echo "TLS tests: self-signed certificates made at test time" ;;
    node-ws) echo "interop tests: node and npm, for node's ws package" ;;
    chromium) echo "the sample app's browser test: headless Chromium and ChromeDriver" ;;
    redis) echo "topics across instances: a real redis-server, started on a free port by the tests" ;;
  esac
}

packages_of() { # PEER...: their Debian packages, on one line
  local p; for p in "$@"; do packages "$p"; done | tr '\n' ' ' | sed 's/ $//'
}

missing() {
  local p out=()
  for p in "${peers[@]}"; do present "$p" || out+=("$p"); done
  echo "${out[@]:-}"
}

# the command that may install Debian packages, or nothing: root, sudo without a password, or
# sudo that asks for one when a person is at the terminal
apt_runner() {
  command -v apt-get >/dev/null || return 0
  if [ "$(id -u)" -eq 0 ]; then echo env
  elif command -v sudo >/dev/null && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then echo sudo
  fi
}

lacking=$(missing)
if [ -n "$lacking" ] && $install; then
  runner=$(apt_runner)
  if [ -n "$runner" ]; then
    pkgs=$(packages_of $lacking)
    echo "test-peers: installing Debian packages: $pkgs"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    $runner apt-get install -y -q $pkgs >/dev/null 2>&1 \
      || { $runner apt-get update -q >/dev/null && $runner apt-get install -y -q $pkgs >/dev/null; } \
      || echo "test-peers: apt-get install failed" >&2
    lacking=$(missing)
  fi
fi

if [ -n "$lacking" ]; then
  pkgs=$(packages_of $lacking)
  {
    echo
    echo "The tests need these programs, which this machine lacks:"
    for p in $lacking; do printf '  %-20s %s (Debian: %s)\n' "$p" "$(purpose "$p")" "$(packages "$p")"; done
    echo "Install them with:"
    echo "  sudo apt-get install -y $pkgs"
    echo "or run ./test.sh as root or with sudo: it installs them itself."
    command -v apt-get >/dev/null || echo "(Not Debian or Ubuntu: install the same programs with your package manager; the browser test looks for /usr/bin/chromium and /usr/bin/chromedriver.)"
    echo
  } >&2
  exit 1
fi

# node's ws, at the version package-lock.json pins; npm's cache serves it offline once fetched
for p in "${peers[@]}"; do
  [ "$p" = node-ws ] || continue
  if ! (cd "$node_dir" && node -e '
      const want = require("./package-lock.json").packages["node_modules/ws"].version;
      let have; try { have = require("./node_modules/ws/package.json").version; } catch (e) {}
      process.exit(want === have ? 0 : 1);' 2>/dev/null); then
    echo "test-peers: npm ci in ws-engine/src/test/node (node's ws)"
    npm ci --prefer-offline --no-audit --no-fund --loglevel=error --prefix "$node_dir" >/dev/null \
      || { echo "test-peers: npm ci failed in $node_dir: the npm registry must be reachable the first time" >&2; exit 1; }
  fi
done

#!/usr/bin/env bash
# Renders docs/architecture.dot to docs/architecture.svg (the picture in ARCHITECTURE.md).
# Needs Graphviz: installs Debian's package when it can, as tools/test-peers.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dot >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q graphviz >/dev/null;
  elif sudo -n true 2>/dev/null; then sudo apt-get install -y -q graphviz >/dev/null;
  else echo "Graphviz is missing: sudo apt-get install graphviz" >&2; exit 1; fi
fi
dot -Tsvg docs/architecture.dot -o docs/architecture.svg
echo "docs/architecture.svg rendered"

#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: installs the programs the tests talk
# to (Debian packages when this user may, node's ws through the build), then builds and tests
# every module. Arguments go to Maven: ./test.sh -pl ws-engine -am -Dtest='Client*'
set -euo pipefail
cd "$(dirname "$0")"
tools/test-peers.sh --install all
exec ./mvnw -B verify "$@"

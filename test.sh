#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: installs the programs the tests talk
# to (Debian packages when this user may, node's ws through the build), then builds and tests
# every module, then the sample once more processed ahead of time (AOT). Arguments go to Maven
# (and skip the AOT pass): ./test.sh -pl ws-engine -am -Dtest='Client*'
set -euo pipefail
cd "$(dirname "$0")"
tools/test-peers.sh --install all
./mvnw -B verify "$@"
if [ $# -eq 0 ]; then
  # the sample again, processed ahead of time (spring-boot:process-aot) and tested on that context
  ./mvnw -B -Paot verify -pl sample-app
fi

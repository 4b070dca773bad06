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
  # the sample again, processed ahead of time (spring-boot:process-aot) and tested on that context.
  # -am builds the modules it needs (nothing is installed) and only the sample's tests run, but the
  # one on the redis profile, which the AOT-processed application cannot serve (sample-app/pom.xml)
  ./mvnw -B -Paot verify -pl sample-app -am -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='io/wsboot/sample/**/*Test,!io/wsboot/sample/TwoInstancesChatTest'
fi

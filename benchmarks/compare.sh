#!/usr/bin/env bash
# Side-by-side echo benchmark: the Netty peer (the ratio base) and wsboot, with shared/bench/compare.sh
# (wsload; workloads a-e; see shared/bench/README.md). Extra NAME=CMD arguments add more servers,
# e.g. jetty="$SHARED/peers/run.sh jetty". Env knobs of compare.sh pass through (ROUNDS, DUR, ...).
#
#   benchmarks/compare.sh                       # netty vs wsboot, all workloads, 3 rounds
#   ROUNDS=1 WORKLOADS="a b" benchmarks/compare.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SHARED=${SHARED:-$(cd "$root/../shared" && pwd)}

. "$here/jdk.sh"

. "$here/wsload.sh"

(cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
jar=$root/benchmarks/target/wsboot-bench.jar

JAVA_HOME=$jdk exec "$bench/compare.sh" \
  netty="$SHARED/peers/run.sh netty" \
  wsboot="$jdk/bin/java -jar $jar" \
  "$@"

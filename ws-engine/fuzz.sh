#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine's parsers with Jazzer: every *FuzzTest, each in its own
# JVM, for SECONDS each (default 15; CI runs a short pass). New corpus entries are kept: Jazzer
# writes them to .cifuzz-corpus/, and this script copies them to src/test/resources, where every
# normal build replays them (regression mode). Crashes are written to src/test/resources too
# (by Jazzer) and fail the run.
#   ws-engine/fuzz.sh            # 15 s per target
#   ws-engine/fuzz.sh 600        # 10 minutes per target, by hand
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-15}
cd "$here/.."
JAZZER_FUZZ=1 ./mvnw -q -B test -pl ws-engine -Dtest='*FuzzTest' -DforkCount=1 -DreuseForks=false \
  -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="${seconds}s"
# keep what the fuzzer found as the regression corpus
for d in "$here"/.cifuzz-corpus/*/*; do
  [ -d "$d" ] || continue
  cls=$(basename "$(dirname "$d")"); method=$(basename "$d")
  dest="$here/src/test/resources/$(dirname "${cls//.//}")/$(basename "${cls//.//}")Inputs/$method"
  mkdir -p "$dest"
  cp -n "$d"/* "$dest"/ 2>/dev/null || true
done
echo "fuzzing done; corpus in ws-engine/src/test/resources/io/wsboot/fuzz/*Inputs"

# Sourced by the benchmark scripts (after $root and $SHARED are set): $bench = a folder holding a
# built wsload: shared/bench itself, or a private copy under benchmarks/target when shared/ is
# read-only.
bench=$SHARED/bench
if [ ! -x "$bench/wsload" ]; then
  if ! make -C "$bench" >/dev/null 2>&1; then
    mkdir -p "$root/benchmarks/target/bench" && cp -r "$bench"/. "$root/benchmarks/target/bench/"
    make -C "$root/benchmarks/target/bench" >/dev/null
    bench=$root/benchmarks/target/bench
  fi
fi

# Sourced by the benchmark scripts: $jdk = BENCH_JAVA_HOME, else the newest JDK >= 21 under /usr/lib/jvm
# (the peers need 21+, and every server and client of a comparison runs on the same JVM).
jdk=${BENCH_JAVA_HOME:-}
if [ -z "$jdk" ]; then
  for d in /usr/lib/jvm/*/; do
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null || true)
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then jdk=${d%/}; fi
  done
fi
[ -n "$jdk" ] || { echo "no JDK >= 21 under /usr/lib/jvm (set BENCH_JAVA_HOME)" >&2; exit 1; }

#!/bin/sh
# Kiln vs PyTorch on WORKLOADS.md W2-W5, in alternating rounds, as one table (see README.md).
#
#   ./mvnw -q -B -pl kiln-bench -am package -DskipTests
#   kiln-bench/scripts/compare.sh                 # 2 rounds x 6 samples per framework
#   ROUNDS=1 SAMPLES=5 ONLY='w5_.*' kiln-bench/scripts/compare.sh
#
# Each round waits (up to 30 s) for the machine to be idle, runs Kiln's Workloads, waits again,
# runs compare_pytorch.py; both append per-sample lines to one file, which compare_table.py pools.
set -eu
ROUNDS=${ROUNDS:-2}
SAMPLES=${SAMPLES:-6}
ONLY=${ONLY:-.*}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/kiln-bench/target/benchmarks.jar"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
TSV=$(mktemp /tmp/kiln-compare.XXXXXX.tsv)
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2

# busy share of the machine over one second, in percent, from /proc/stat
busy_percent() {
  set -- $(head -1 /proc/stat)
  b1=$(($2 + $3 + $4 + $7 + $8 + $9)); t1=$((b1 + $5 + $6))
  sleep 1
  set -- $(head -1 /proc/stat)
  b2=$(($2 + $3 + $4 + $7 + $8 + $9)); t2=$((b2 + $5 + $6))
  echo $((100 * (b2 - b1) / (t2 - t1 + 1)))
}

wait_idle() {
  i=0
  while [ "$i" -lt 30 ]; do
    busy=$(busy_percent)
    [ "$busy" -lt 10 ] && return 0
    i=$((i + 1))
  done
  echo "(machine still ${busy}% busy after 30 s; measuring anyway, the noise filter decides)" >&2
}

r=1
while [ "$r" -le "$ROUNDS" ]; do
  echo "== round $r of $ROUNDS: Kiln"
  wait_idle
  "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xms4g -Xmx4g \
    -XX:+AlwaysPreTouch -XX:G1HeapRegionSize=32m -cp "$JAR" dev.kiln.bench.workloads.Workloads \
    --samples "$SAMPLES" --threads 2 --only "$ONLY" --tsv "$TSV"
  echo "== round $r of $ROUNDS: PyTorch"
  wait_idle
  /usr/bin/python3 "$ROOT/kiln-bench/scripts/compare_pytorch.py" \
    --samples "$SAMPLES" --only "$ONLY" --tsv "$TSV"
  r=$((r + 1))
done
echo "== pooled over $ROUNDS rounds (samples in $TSV)"
/usr/bin/python3 "$ROOT/kiln-bench/scripts/compare_table.py" "$TSV"

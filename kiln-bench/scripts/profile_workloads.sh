#!/bin/sh
# Where W2-W4's time goes: runs each training-step row of the Workloads harness under JFR and
# prints jfr_breakdown.py's attribution (GEMM, conv/pool, kernels, autograd, op dispatch, ...).
#
#   ./mvnw -q -B -pl kiln-bench -am package -DskipTests
#   kiln-bench/scripts/profile_workloads.sh [rows...]     # default: w2_train_b128 w3_train_b64 w4_fwd_bwd
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
OUT=${OUT:-$(mktemp -d /tmp/kiln-profile.XXXXXX)}
[ $# -gt 0 ] || set -- w2_train_b128 w3_train_b64 w4_fwd_bwd
for row in "$@"; do
  java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xms4g -Xmx4g -XX:G1HeapRegionSize=32m \
    -XX:StartFlightRecording=filename="$OUT/$row.jfr",settings=profile,jdk.ExecutionSample#period=2ms \
    -cp "$ROOT/kiln-bench/target/benchmarks.jar" dev.kiln.bench.workloads.Workloads \
    --samples ${SAMPLES:-20} --threads 2 --only "$row" > "$OUT/$row.txt" 2>&1
  /usr/bin/python3 "$ROOT/kiln-bench/scripts/jfr_breakdown.py" "$OUT/$row.jfr" \
    --within Protocol.sample
done
echo "(recordings and harness output in $OUT)"

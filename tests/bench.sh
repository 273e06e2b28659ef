#!/usr/bin/env bash
# Runs one benchmark from tests/src/test/java/vn/communeradio/tests/bench (benchmarks are not tests):
#   tests/bench.sh CommandLatencyBench
#   tests/bench.sh CommandVerifyBench /var/tmp
#   BENCH_JAVA_OPTS="-XX:+UseSerialGC -Xmx64m" tests/bench.sh PipelineSoakBench 60 256   (JVM flags to compare)
# Builds in the reactor without installing, so several work trees can benchmark side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: tests/bench.sh BENCH_CLASS [ARGS...]" >&2; exit 2; }
mvn -B -q -DskipTests package -pl tests -am
# the gateway jar's manifest names its runtime libraries in gateway/target/lib
exec java ${BENCH_JAVA_OPTS:-} -Dgateway.jar=gateway/target/commune-radio.jar -Drepo.root=. -cp "tests/target/test-classes:hal/target/test-classes:gateway/target/commune-radio.jar" \
  "vn.communeradio.tests.bench.$1" "${@:2}"

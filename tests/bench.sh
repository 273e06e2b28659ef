#!/usr/bin/env bash
# Runs one benchmark from tests/src/test/java/vn/communeradio/tests/bench (benchmarks are not tests):
#   tests/bench.sh CommandLatencyBench
#   tests/bench.sh CommandVerifyBench /var/tmp
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: tests/bench.sh BENCH_CLASS [ARGS...]" >&2; exit 2; }
mvn -B -q -DskipTests install -pl hal,gateway -am
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -pl tests
exec java -cp "tests/target/test-classes:$(cat tests/target/bench.cp)" "vn.communeradio.tests.bench.$1" "${@:2}"

#!/usr/bin/env bash
# Runs one benchmark from tests/src/test/java/vn/communeradio/tests/bench (benchmarks are not tests):
#   tests/bench.sh CommandLatencyBench
#   tests/bench.sh CommandVerifyBench /var/tmp
#   BENCH_JAVA_OPTS="-XX:+UseSerialGC -Xmx64m" tests/bench.sh PipelineSoakBench 60 256   (JVM flags to compare)
# or every one of them briefly, one after the other, each with its figures (docs/benchmarks.md):
#   tests/bench.sh all
# Builds in the reactor without installing, so several work trees can benchmark side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: tests/bench.sh BENCH_CLASS [ARGS...] | all" >&2; exit 2; }
mvn -B -q -DskipTests package -pl tests -am

# A run of hours (ServiceMemoryBench soak 24h) from a copy of what was built, so that building in the work tree
# meanwhile cannot change the jar under the running service:  BENCH_SNAPSHOT=/var/tmp/soak tests/bench.sh ...
if [ -n "${BENCH_SNAPSHOT:-}" ]; then
    rm -rf "$BENCH_SNAPSHOT"
    mkdir -p "$BENCH_SNAPSHOT"/{gateway,hal,tests}/target "$BENCH_SNAPSHOT/packaging/src/deb/etc/default"
    cp -a gateway/target/commune-radio.jar gateway/target/lib "$BENCH_SNAPSHOT/gateway/target/"
    cp -a hal/target/test-classes "$BENCH_SNAPSHOT/hal/target/"
    cp -a tests/target/test-classes "$BENCH_SNAPSHOT/tests/target/"
    cp -a packaging/jvm.options "$BENCH_SNAPSHOT/packaging/"
    # --audio jack's period is the package's (BenchAudio)
    cp -a packaging/src/deb/etc/default/commune-radio-jack "$BENCH_SNAPSHOT/packaging/src/deb/etc/default/"
    echo "running from $BENCH_SNAPSHOT, a copy of $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' with uncommitted changes')"
    cd "$BENCH_SNAPSHOT"
fi

bench() {
    # the gateway jar's manifest names its runtime libraries in gateway/target/lib
    java ${BENCH_JAVA_OPTS:-} -Dgateway.jar=gateway/target/commune-radio.jar -Drepo.root=. \
        -cp "tests/target/test-classes:hal/target/test-classes:gateway/target/commune-radio.jar" \
        "vn.communeradio.tests.bench.$1" "${@:2}"
}

# Short arguments for `all`: seconds to a minute or two each. A benchmark added to bench/ needs a line here, or
# `all` names it as not run.
brief() {
    case "$1" in
        CommandLatencyBench) echo "20 --cpu 25 --sync-ms 20" ;;
        CommandVerifyBench) echo "/var/tmp" ;;
        DecodeBench) echo "3" ;;
        ResamplerBench) echo "5" ;;
        FileStartBench) echo "0 20" ;;
        PipelineSoakBench) echo "20 512" ;;
        ServiceFootprintBench) echo "2 10" ;;
        ServiceMemoryBench) echo "sessions 20 --report-every 10 --idle-s 5" ;;
        StreamLatenessBench) echo "0.5 2" ;;
        BrokerFanoutBench) echo "--sizes 1000 --rounds 3 --listeners tls,plain" ;;
        FleetBench) echo "50 2 1" ;;
        JackLineLatencyBench) echo "3 64,128,256" ;;
        JournalBench) echo "20" ;;
        *) return 1 ;;
    esac
}

if [ "$1" != all ]; then
    bench "$@"
    exit
fi

echo "tests/bench.sh all at $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)'),"\
     "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
failed=()
for file in tests/src/test/java/vn/communeradio/tests/bench/*Bench.java; do
    name=$(basename "$file" .java)
    if ! args=$(brief "$name"); then
        echo; echo "=== $name: no short arguments in tests/bench.sh, not run"
        failed+=("$name (not run)")
        continue
    fi
    echo; echo "=== $name $args (load $(cut -d' ' -f1-3 /proc/loadavg))"
    start=$(date +%s)
    # word splitting of $args is wanted: it is a list of arguments
    # shellcheck disable=SC2086
    if bench "$name" $args; then
        echo "=== $name: $(( $(date +%s) - start )) s"
    else
        echo "=== $name FAILED after $(( $(date +%s) - start )) s"
        failed+=("$name")
    fi
done
echo
if [ ${#failed[@]} -gt 0 ]; then
    echo "tests/bench.sh all: ${#failed[@]} did not give figures: ${failed[*]}"
    exit 1
fi
echo "tests/bench.sh all: every benchmark gave its figures"

#!/usr/bin/env bash
# Counts the C library's allocator calls made by the real-time JACK threads of the audio pipeline, in steady state:
# runs PipelineSoakBench (a private jackd, a live MP3 stream over loopback, the output and a listening client),
# waits for its first progress line, then attaches gdb for SECONDS with a breakpoint on malloc, calloc, realloc,
# free, posix_memalign and aligned_alloc in each SCHED_FIFO thread of the bench's JVM, and prints the count of
# each and a backtrace of the first few calls. Java's own allocation is measured by the bench itself
# (getThreadAllocatedBytes); this is the native side, where a call could wait on a malloc arena's lock.
#   tests/rt-malloc.sh [SECONDS] [PERIOD_FRAMES]          (default 30 256; needs gdb, root for jackd -R)
#   BENCH_JAVA_OPTS="$(grep -v '^#' packaging/jvm.options | xargs)" tests/rt-malloc.sh 30 512   (the shipped flags)
# Every allocator call of every thread stops at the breakpoint while gdb is attached (the thread test comes after
# the trap), so the JVM runs slowly meanwhile and JACK counts xruns then: the bench's own figures for that run are
# not its usual ones. docs/benchmarks.md, "Native allocation on the process thread".
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
period=${2:-256}
command -v gdb >/dev/null || { echo "rt-malloc.sh needs gdb (apt-get install gdb)" >&2; exit 2; }
work=$(mktemp -d /tmp/rt-malloc.XXXXXX)
trap 'kill -- -"$bench" 2>/dev/null || true; rm -rf "$work"' EXIT

setsid tests/bench.sh PipelineSoakBench $((seconds + 90)) "$period" > "$work/bench.txt" 2>&1 &
bench=$!
for _ in $(seq 1 240); do
    grep -q "^ *30 s:" "$work/bench.txt" && break
    sleep 1
done
grep -q "^ *30 s:" "$work/bench.txt" || { echo "the bench did not reach its first 30 s:" >&2; cat "$work/bench.txt" >&2; exit 1; }
pid=$(pgrep -n -f "vn.communeradio.tests.bench.PipelineSoakBench")
threads=$(ps -L -o tid=,cls= -p "$pid" | awk '$2 == "FF" || $2 == "RR" { print $1 }' | paste -sd, -)
[ -n "$threads" ] || { echo "no real-time thread in $pid: is jackd running with -R?" >&2; exit 1; }
grep "^pipeline soak:" "$work/bench.txt" | cut -c1-200
echo "JVM $pid, real-time threads (LWP) $threads; counting for $seconds s, $(date -u +%H:%M:%SZ)," \
     "load $(cut -d' ' -f1-3 /proc/loadavg)"

cat > "$work/count.py" <<'EOF'
import gdb, os
wanted = [int(t) for t in os.environ["RT_THREADS"].split(",")]
counted = []
for thread in gdb.selected_inferior().threads():
    if thread.ptid[1] not in wanted:
        continue
    for function in ["malloc", "calloc", "realloc", "free", "posix_memalign", "aligned_alloc"]:
        point = gdb.Breakpoint(function, internal=True)
        point.thread = thread.num
        point.silent = True
        counted.append((thread.ptid[1], function, point))

def on_stop(event):
    if isinstance(event, gdb.BreakpointEvent) and sum(p.hit_count for _, _, p in counted) <= 3:
        print("--- allocator call on LWP %d:" % gdb.selected_thread().ptid[1])
        gdb.execute("bt 8")

gdb.events.stop.connect(on_stop)

class Report(gdb.Command):
    def __init__(self):
        super().__init__("rt-report", gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        for lwp, function, point in counted:
            print("LWP %d %-14s %d calls" % (lwp, function, point.hit_count))

Report()
EOF
# SIGINT after SECONDS interrupts the inferior; the batch then prints the counts and detaches
RT_THREADS=$threads timeout -s INT "$seconds" gdb -p "$pid" -batch -nx \
    -ex "set pagination off" \
    -ex "handle SIGSEGV SIGBUS SIGILL SIGFPE SIGUSR2 nostop noprint pass" \
    -ex "source $work/count.py" \
    -ex "continue" -ex "rt-report" -ex "detach" > "$work/gdb.txt" 2>&1 || true
grep -E "^LWP |^--- |^#" "$work/gdb.txt" | sed -e 's/ (.*) at / at /' | cut -c1-180
grep -q "^LWP " "$work/gdb.txt" || { echo "gdb did not count:" >&2; tail -20 "$work/gdb.txt" >&2; exit 1; }

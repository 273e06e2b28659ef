package vn.communeradio.tests.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bounds every fuzz input must keep: CPU time and bytes allocated by the thread that handles it. libFuzzer's
 * own limits do not fit a JVM (Jazzer turns its RSS limit off, and its per-input timeout is tied to JUnit's
 * whole-test timeout), so the targets measure themselves. An input that never returns cannot be failed from its
 * own thread: a watchdog saves it and stops the JVM, as libFuzzer does for a hang.
 */
public final class InputBounds {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long maxNanos;
    private final long maxAllocatedBytes;
    private final AtomicReference<Running> running = new AtomicReference<>();

    private record Running(byte[] input, long startNanos, Thread thread) {
    }

    /**
     * @param maxMillis         most CPU time one input may take; ten times this in wall time is a hang
     * @param maxAllocatedBytes most bytes one input may make its thread allocate
     */
    public InputBounds(long maxMillis, long maxAllocatedBytes) {
        this.maxNanos = maxMillis * 1_000_000L;
        this.maxAllocatedBytes = maxAllocatedBytes;
        Thread watchdog = new Thread(this::watch, "fuzz-hang-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Work done for one input, which may throw only what the target accepts as a clean end. */
    public interface Work {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} for {@code input}; throws AssertionError when the input broke a bound. A first breach is
     * measured again: the first inputs pay for class loading, Jazzer's instrumentation and JIT compilation, which
     * are not the input's cost; an input that breaks a bound twice does.
     */
    public void check(byte[] input, Work work) throws Exception {
        String breach = measure(input, work);
        if (breach != null && measure(input, work) != null) {
            throw new AssertionError(breach);
        }
    }

    /** Runs the work once; a description of the bound it broke, or null. */
    private String measure(byte[] input, Work work) throws Exception {
        long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        running.set(new Running(input, System.nanoTime(), Thread.currentThread()));
        try {
            work.run();
        } finally {
            running.set(null);
        }
        // CPU time, not wall time: on a loaded CI machine a GC pause or a busy neighbour is not the input's fault
        long nanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytesBefore;
        if (allocated > maxAllocatedBytes) {
            return "an input of " + input.length + " bytes allocated " + allocated + " bytes (bound "
                    + maxAllocatedBytes + ")";
        }
        if (nanos > maxNanos) {
            return "an input of " + input.length + " bytes took " + nanos / 1_000_000 + " ms of CPU (bound "
                    + maxNanos / 1_000_000 + " ms)";
        }
        return null;
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            Running r = running.get();
            if (r != null && System.nanoTime() - r.startNanos > 10 * maxNanos) {
                hang(r);
            }
        }
    }

    private static void hang(Running r) {
        StringBuilder report = new StringBuilder("HANG: an input of " + r.input.length
                + " bytes has run for over 10x its time bound; its thread:\n");
        Arrays.stream(r.thread.getStackTrace()).forEach(f -> report.append("    at ").append(f).append('\n'));
        try {
            Path saved = Files.createDirectories(Path.of("target", "fuzz-hangs"))
                    .resolve("hang-" + Integer.toHexString(Arrays.hashCode(r.input)) + ".bin");
            Files.write(saved, r.input);
            report.append("input saved to ").append(saved.toAbsolutePath());
        } catch (IOException e) {
            report.append("input (hex): ").append(HexFormat.of().formatHex(r.input));
        }
        System.err.println(report);
        System.err.flush();
        Runtime.getRuntime().halt(70); // the stuck thread cannot be stopped; the fork's death fails the build
    }
}

package vn.communeradio.tests.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Full, stop-the-world collections on demand ({@code System.gc()}, a mark-compact of the whole heap with SerialGC)
 * and what JACK and the stream heard around each: whether a pause that holds JACK's process thread out of Java
 * costs an xrun or an underrun. Each collection's window runs from just before it to {@link #SETTLE_MILLIS} after
 * it returns, long enough for JACK's xrun notification to arrive. The pause is the {@code System.gc()} call's
 * wall time (safepoint, collection, and the calling thread's own wait to run again: an upper bound on the pause
 * JACK's thread saw, in microseconds), printed with the collection's own duration from its GC notification
 * (whole milliseconds).
 */
final class FullGcProbe {

    static final long SETTLE_MILLIS = 1_000;

    private final Counters counters;
    private final int rate;
    private final int period;
    private final List<Collection> collections = new ArrayList<>();
    private final AtomicLong lastFullMillis = new AtomicLong(-1);

    /** The pipeline's counters, read before and after each collection. */
    record Counters(LongSupplier xruns, LongSupplier underruns, LongSupplier callbacks, LongSupplier maxCallbackNanos) {
    }

    /** One collection: its pause and what changed in its window. */
    record Collection(double pauseMillis, long gcMillis, long heapAfterKb, long xruns, long underruns, long callbacks,
                      long expectedCallbacks, double windowSeconds, long maxCallbackMicros, boolean newMax) {
    }

    FullGcProbe(Counters counters, int rate, int period) {
        this.counters = counters;
        this.rate = rate;
        this.period = period;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) bean).addNotificationListener((n, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    if (info.getGcAction().contains("major")) {
                        lastFullMillis.set(info.getGcInfo().getDuration());
                    }
                }
            }, null, null);
        }
    }

    /** Collects, waits for the window to close and prints the collection's line. */
    Collection collect() throws InterruptedException {
        long xruns = counters.xruns().getAsLong();
        long underruns = counters.underruns().getAsLong();
        long callbacks = counters.callbacks().getAsLong();
        long max = counters.maxCallbackNanos().getAsLong();
        long t0 = System.nanoTime();
        System.gc();
        long t1 = System.nanoTime();
        long heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        Thread.sleep(SETTLE_MILLIS);
        double window = (System.nanoTime() - t0) / 1e9;
        long maxAfter = counters.maxCallbackNanos().getAsLong();
        Collection c = new Collection((t1 - t0) / 1e6, lastFullMillis.getAndSet(-1), heapAfter,
                counters.xruns().getAsLong() - xruns,
                counters.underruns().getAsLong() - underruns, counters.callbacks().getAsLong() - callbacks,
                Math.round(window * rate / period), window, maxAfter / 1000, maxAfter > max);
        collections.add(c);
        System.out.printf("  full GC %d: pause %.2f ms (System.gc() call; the collection %d ms), heap after %d KB; in "
                        + "its %.1f s window: xruns +%d, underruns +%d, callbacks %d of %d periods, callback max %d "
                        + "µs%s%n", collections.size(), c.pauseMillis(), c.gcMillis(), c.heapAfterKb(),
                c.windowSeconds(), c.xruns(), c.underruns(),
                c.callbacks(), c.expectedCallbacks(), c.maxCallbackMicros(), c.newMax() ? " (new max)" : "");
        return c;
    }

    /** Pauses against xruns over the run; {@code xruns} and {@code seconds} are the steady state's totals. */
    void report(long xruns, long underruns, double seconds) {
        if (collections.isEmpty()) {
            return;
        }
        double[] pauses = collections.stream().mapToDouble(Collection::pauseMillis).sorted().toArray();
        long withXrun = collections.stream().filter(c -> c.xruns() > 0).count();
        long inWindows = collections.stream().mapToLong(Collection::xruns).sum();
        long underrunsInWindows = collections.stream().mapToLong(Collection::underruns).sum();
        double windowSeconds = collections.stream().mapToDouble(Collection::windowSeconds).sum();
        double periodMillis = period * 1000.0 / rate;
        long longerThanPeriod = collections.stream().filter(c -> c.pauseMillis() > periodMillis).count();
        System.out.printf("  full GCs: %d, pause min %.2f / median %.2f / max %.2f ms (period %.2f ms; %d pauses "
                        + "longer than it); %d of %d followed by an xrun%n", pauses.length, pauses[0],
                pauses[pauses.length / 2], pauses[pauses.length - 1], periodMillis, longerThanPeriod, withXrun,
                pauses.length);
        System.out.printf("  xruns in the GC windows %d in %.0f s, elsewhere %d in %.0f s; underruns in the windows "
                + "%d, elsewhere %d%n", inWindows, windowSeconds, xruns - inWindows, seconds - windowSeconds,
                underrunsInWindows, underruns - underrunsInWindows);
    }
}

package vn.communeradio.gateway.supervision;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Runs the JVM's full collection when nobody can hear it: when the amplifier has gone off with nothing due, and the
 * old generation is half full or more. A full collection stops every Java thread, and JACK's process thread waits
 * when it enters Java meanwhile: 32-41 ms at 512 frames (10.7 ms periods) made 2-4 xruns each
 * (docs/benchmarks.md, PipelineSoakBench --full-gc-every). Left to itself, the shipped SerialGC collects the old
 * generation only when it is full, at whatever moment that is, a broadcast included; collected in the quiet
 * moments a station has every day, it never fills while anything plays (about 1,000 sessions fill it,
 * docs/packaging.md). Control loop only: the loop waits for the collection (tens of milliseconds).
 */
public final class QuietCollector {

    /** The old generation's share at which a quiet moment is used: below it, a collection would gain little. */
    static final double THRESHOLD = 0.5;

    private final Supplier<MemoryUsage> oldGeneration;
    private final Runnable collect;
    private final LongSupplier nanoTime;

    QuietCollector(Supplier<MemoryUsage> oldGeneration, Runnable collect, LongSupplier nanoTime) {
        this.oldGeneration = oldGeneration;
        this.collect = collect;
        this.nanoTime = nanoTime;
    }

    /**
     * The collector of this JVM's old generation, or one that does nothing under a collector without one (ZGC,
     * Shenandoah: their pauses do not grow with the heap).
     */
    public static QuietCollector ofThisJvm() {
        MemoryPoolMXBean pool = oldGeneration();
        if (pool == null) {
            Logger.debug("no old generation in this JVM's heap: full collections are not timed");
            return new QuietCollector(() -> null, () -> { }, System::nanoTime);
        }
        return new QuietCollector(pool::getUsage, System::gc, System::nanoTime);
    }

    /** The heap's old generation (SerialGC's "Tenured Gen", G1's "G1 Old Gen", Parallel's "PS Old Gen"), or null. */
    static MemoryPoolMXBean oldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName().toLowerCase(Locale.ROOT);
            if (pool.getType() == MemoryType.HEAP && (name.contains("old") || name.contains("tenured"))) {
                return pool;
            }
        }
        return null;
    }

    /** The station has gone quiet: collects if the old generation is at least {@link #THRESHOLD} full. */
    public void quiet() {
        MemoryUsage before = oldGeneration.get();
        if (before == null) {
            return;
        }
        long capacity = before.getMax() > 0 ? before.getMax() : before.getCommitted();
        if (capacity <= 0 || before.getUsed() < capacity * THRESHOLD) {
            return;
        }
        long start = nanoTime.getAsLong();
        collect.run();
        long tookMs = (nanoTime.getAsLong() - start) / 1_000_000;
        MemoryUsage after = oldGeneration.get();
        Logger.info("collected the heap while the amplifier is off: old generation {} -> {} of {} MB in {} ms",
                mb(before.getUsed()), after == null ? "?" : mb(after.getUsed()), mb(capacity), tookMs);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1_048_576.0);
    }
}

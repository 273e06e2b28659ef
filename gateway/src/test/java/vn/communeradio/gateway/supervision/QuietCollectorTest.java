package vn.communeradio.gateway.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A quiet moment is used for a full collection only when the old generation is half full or more. */
class QuietCollectorTest {

    private static final long MB = 1 << 20;

    private final List<String> collections = new ArrayList<>();
    private long used;
    private long max = 21 * MB;

    private final QuietCollector collector = new QuietCollector(() -> new MemoryUsage(0, used, 21 * MB, max),
            () -> {
                collections.add(used / MB + " MB");
                used = 6 * MB; // what a full collection leaves: the live set
            }, System::nanoTime);

    @Test
    void collectsFromHalfFullOnAndNotBelow() {
        used = 10 * MB;
        collector.quiet();
        assertEquals(List.of(), collections, "10 of 21 MB: not worth a pause");
        used = 11 * MB;
        collector.quiet();
        assertEquals(List.of("11 MB"), collections);
        collector.quiet();
        assertEquals(List.of("11 MB"), collections, "6 MB left after it: the next quiet moment does nothing");
    }

    @Test
    void anUndefinedMaximumIsReadAsTheCommittedSize() {
        max = -1;
        used = 10 * MB;
        collector.quiet();
        assertEquals(List.of(), collections);
        used = 12 * MB;
        collector.quiet();
        assertEquals(List.of("12 MB"), collections);
    }

    @Test
    void findsTheOldGenerationOfTheTestJvmsCollector() {
        MemoryPoolMXBean pool = QuietCollector.oldGeneration();
        assertNotNull(pool, "no old generation among " + ManagementFactory.getMemoryPoolMXBeans().stream()
                .map(MemoryPoolMXBean::getName).toList());
        assertTrue(pool.getUsage().getUsed() >= 0);
    }
}

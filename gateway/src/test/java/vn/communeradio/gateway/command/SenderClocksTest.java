package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each key's commands have shown of its sender's clock, on disk and across restarts. */
class SenderClocksTest {

    private static final long T = 1_764_300_000L;

    @TempDir
    Path dir;
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    private String onDisk() throws Exception {
        return Files.readString(dir.resolve(SenderClocks.FILE)).strip();
    }

    @Test
    void evidenceIsPerKeyAndRunsOnWithTheMonotonicClock() {
        SenderClocks clocks = new SenderClocks(dir, nanos::get);
        clocks.observe("fast", T + 3600);
        assertEquals(T + 3600, clocks.now("fast", T));
        assertEquals(T, clocks.now("right", T), "another key's evidence says nothing about this one");
        nanos.addAndGet(10_000_000_000L);
        assertEquals(T + 3610, clocks.now("fast", T));
        assertEquals(T + 7200, clocks.now("fast", T + 7200), "never before the station's time");
        clocks.observe("fast", T + 3605); // older than what it already showed: changes nothing
        assertEquals(T + 3610, clocks.now("fast", T));
    }

    @Test
    void writtenWhenItMovesAMinuteAndAtStopSoTheSdCardIsSpared() throws Exception {
        SenderClocks clocks = new SenderClocks(dir, nanos::get);
        clocks.observe("k", T);
        assertEquals("k " + T, onDisk());
        clocks.observe("k", T + SenderClocks.WRITE_STEP_S - 1);
        assertEquals("k " + T, onDisk(), "less than a minute later: not rewritten");
        clocks.observe("k", T + SenderClocks.WRITE_STEP_S);
        assertEquals("k " + (T + SenderClocks.WRITE_STEP_S), onDisk());
        clocks.observe("k", T + SenderClocks.WRITE_STEP_S + 5);
        clocks.flush();
        assertEquals("k " + (T + SenderClocks.WRITE_STEP_S + 5), onDisk());

        SenderClocks restarted = new SenderClocks(dir, nanos::get);
        assertEquals(T + SenderClocks.WRITE_STEP_S + 5, restarted.now("k", 0));
    }

    @Test
    void aSynchronisedClockBringsBackEvidenceThatRanAheadOfIt() throws Exception {
        SenderClocks clocks = new SenderClocks(dir, nanos::get);
        clocks.observe("fast", T + 3600);
        clocks.observe("right", T + 10);
        clocks.correct(T, 30);
        assertEquals(T, clocks.now("fast", 0));
        assertEquals(T + 10, clocks.now("right", 0), "within the skew: kept");
        assertEquals("fast " + T + "\nright " + (T + 10), onDisk());
    }

    @Test
    void unreadableLinesAreSkipped() throws Exception {
        Files.writeString(dir.resolve(SenderClocks.FILE), "good " + T + "\nbad key! 5\nnegative -3\nnumber x\n\n");
        SenderClocks clocks = new SenderClocks(dir, nanos::get);
        assertEquals(T, clocks.now("good", 0));
        assertEquals(0, clocks.now("negative", 0));
    }
}

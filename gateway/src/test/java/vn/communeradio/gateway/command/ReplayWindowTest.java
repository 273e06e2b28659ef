package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.gateway.command.ReplayWindow.Verdict.BEYOND_HORIZON;
import static vn.communeradio.gateway.command.ReplayWindow.Verdict.FRESH;
import static vn.communeradio.gateway.command.ReplayWindow.Verdict.FULL;
import static vn.communeradio.gateway.command.ReplayWindow.Verdict.REPLAY;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayWindowTest {

    private static final int SKEW = 30;
    private static final long NOW = 1_764_300_000L;

    @TempDir
    Path dir;

    private ReplayWindow open(int capacity) {
        return new ReplayWindow(dir, SKEW, capacity);
    }

    @Test
    void anIdIsFreshOnceThenAReplay() {
        try (ReplayWindow w = open(10)) {
            assertEquals(FRESH, w.check("a", NOW + 60, NOW));
            assertEquals(FRESH, w.record("a", NOW + 60, NOW));
            assertEquals(REPLAY, w.check("a", NOW + 60, NOW));
            assertEquals(REPLAY, w.record("a", NOW + 999, NOW));
            assertEquals(1, w.size());
        }
    }

    @Test
    void survivesARestart() {
        try (ReplayWindow w = open(10)) {
            w.record("a", NOW + 60, NOW);
            w.record("b", NOW + 120, NOW);
        }
        try (ReplayWindow w = open(10)) {
            assertEquals(2, w.size());
            assertEquals(REPLAY, w.check("a", NOW + 60, NOW + 10));
            assertEquals(REPLAY, w.check("b", NOW + 120, NOW + 10));
            assertEquals(FRESH, w.check("c", NOW + 120, NOW + 10));
        }
    }

    @Test
    void forgetsOnlyAfterExpiryPlusSkewAndKeepsAHorizon() {
        try (ReplayWindow w = open(10)) {
            w.record("a", NOW + 60, NOW);
            assertEquals(REPLAY, w.check("a", NOW + 60, NOW + 60 + SKEW)); // still within the skew
            assertEquals(FRESH, w.check("z", NOW + 999, NOW + 60 + SKEW + 1)); // purges a
            assertEquals(0, w.size());
            assertEquals(NOW + 60, w.horizon());
            // a forgotten id cannot come back, whatever the clock says now
            assertEquals(BEYOND_HORIZON, w.check("a", NOW + 60, NOW));
            assertEquals(BEYOND_HORIZON, w.record("other", NOW + 59, NOW));
            assertEquals(FRESH, w.record("new", NOW + 61, NOW));
        }
        // the horizon is kept across a restart, even when the clock comes back earlier
        try (ReplayWindow w = open(10)) {
            assertEquals(NOW + 60, w.horizon());
            assertEquals(BEYOND_HORIZON, w.check("a", NOW + 60, NOW - 86_400));
            assertEquals(REPLAY, w.check("new", NOW + 61, NOW - 86_400));
        }
    }

    @Test
    void aFullWindowRefusesInsteadOfForgettingUnexpiredIds() {
        try (ReplayWindow w = open(3)) {
            w.record("a", NOW + 100, NOW);
            w.record("b", NOW + 200, NOW);
            w.record("c", NOW + 300, NOW);
            assertEquals(FULL, w.record("d", NOW + 400, NOW));
            assertEquals(REPLAY, w.check("a", NOW + 100, NOW)); // nothing was dropped
            assertEquals(FRESH, w.record("d", NOW + 400, NOW + 100 + SKEW + 1)); // a expired: room for one
            assertEquals(FULL, w.record("e", NOW + 400, NOW + 100 + SKEW + 1));
        }
    }

    @Test
    void aLineCutByAPowerCutIsIgnored() throws Exception {
        try (ReplayWindow w = open(10)) {
            w.record("a", NOW + 60, NOW);
        }
        Path file = dir.resolve(ReplayWindow.FILE);
        Files.writeString(file, Files.readString(file) + "1764300999 half-writ", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        try (ReplayWindow w = open(10)) {
            assertEquals(1, w.size());
            assertEquals(FRESH, w.check("half-writ", NOW + 999, NOW));
            w.record("b", NOW + 60, NOW); // appended after a clean rewrite, not glued to the cut line
        }
        try (ReplayWindow w = open(10)) {
            assertEquals(2, w.size());
            assertEquals(REPLAY, w.check("b", NOW + 60, NOW));
        }
    }

    @Test
    void garbageLinesAreSkippedNotFatal() throws Exception {
        Files.writeString(dir.resolve(ReplayWindow.FILE), "horizon 5\nnonsense\n12 bad id!\nx y\n100 ok\n");
        try (ReplayWindow w = open(10)) {
            assertEquals(1, w.size());
            assertEquals(5, w.horizon());
            assertEquals(REPLAY, w.check("ok", 100, 0));
        }
    }

    @Test
    void theFileIsCompactedSoItStaysSmall() throws Exception {
        try (ReplayWindow w = open(100_000)) {
            for (int i = 0; i < 5000; i++) {
                long now = NOW + i;
                assertEquals(FRESH, w.record("id-" + i, now + 10, now));
            }
            assertTrue(w.size() < 100, "expired ids are dropped: " + w.size());
        }
        long lines = Files.readAllLines(dir.resolve(ReplayWindow.FILE), StandardCharsets.US_ASCII).size();
        assertTrue(lines < 1500, "file has " + lines + " lines");
        try (ReplayWindow w = open(100_000)) {
            assertEquals(REPLAY, w.check("id-4999", NOW + 4999 + 10, NOW + 4999));
            assertEquals(BEYOND_HORIZON, w.check("id-0", NOW + 10, NOW + 4999));
        }
    }

    @Test
    void aWindowThatCannotBeWrittenStillWorksInMemory() throws Exception {
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where the state directory should be");
        try (ReplayWindow w = new ReplayWindow(blocked, SKEW, 10)) {
            assertEquals(FRESH, w.record("a", NOW + 60, NOW));
            assertEquals(REPLAY, w.check("a", NOW + 60, NOW));
        }
    }
}

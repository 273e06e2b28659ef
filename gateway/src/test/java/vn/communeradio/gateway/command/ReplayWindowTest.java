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
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayWindowTest {

    private static final int SKEW = 30;
    private static final long NOW = 1_764_300_000L;
    private static final String K = "district-058";

    @TempDir
    Path dir;

    /** Every key's ids expire by {@code now}. */
    private static ToLongFunction<String> all(long now) {
        return kid -> now;
    }

    /** Key {@code kid}'s ids expire by {@code keyNow}, every other key's by {@code now}. */
    private static ToLongFunction<String> key(String kid, long keyNow, long now) {
        return k -> k.equals(kid) ? keyNow : now;
    }

    private ReplayWindow open(int capacity) {
        return new ReplayWindow(dir, SKEW, capacity);
    }

    @Test
    void anIdIsFreshOnceThenAReplay() {
        try (ReplayWindow w = open(10)) {
            assertEquals(FRESH, w.check(K, "a", NOW + 60, all(NOW)));
            assertEquals(FRESH, w.record(K, "a", NOW + 60, all(NOW)));
            assertEquals(REPLAY, w.check(K, "a", NOW + 60, all(NOW)));
            assertEquals(REPLAY, w.record(K, "a", NOW + 999, all(NOW)));
            assertEquals(1, w.size());
        }
    }

    @Test
    void survivesARestart() {
        try (ReplayWindow w = open(10)) {
            w.record(K, "a", NOW + 60, all(NOW));
            w.record(K, "b", NOW + 120, all(NOW));
        }
        try (ReplayWindow w = open(10)) {
            assertEquals(2, w.size());
            assertEquals(REPLAY, w.check(K, "a", NOW + 60, all(NOW + 10)));
            assertEquals(REPLAY, w.check(K, "b", NOW + 120, all(NOW + 10)));
            assertEquals(FRESH, w.check(K, "c", NOW + 120, all(NOW + 10)));
        }
    }

    @Test
    void forgetsOnlyAfterExpiryPlusSkewAndKeepsAHorizon() {
        try (ReplayWindow w = open(10)) {
            w.record(K, "a", NOW + 60, all(NOW));
            assertEquals(REPLAY, w.check(K, "a", NOW + 60, all(NOW + 60 + SKEW))); // still within the skew
            assertEquals(FRESH, w.check(K, "z", NOW + 999, all(NOW + 60 + SKEW + 1))); // purges a
            assertEquals(0, w.size());
            assertEquals(NOW + 60, w.horizon(K));
            // a forgotten id cannot come back, whatever the clock says now
            assertEquals(BEYOND_HORIZON, w.check(K, "a", NOW + 60, all(NOW)));
            assertEquals(BEYOND_HORIZON, w.record(K, "other", NOW + 59, all(NOW)));
            assertEquals(FRESH, w.record(K, "new", NOW + 61, all(NOW)));
        }
        // the horizon is kept across a restart, even when the clock comes back earlier
        try (ReplayWindow w = open(10)) {
            assertEquals(NOW + 60, w.horizon(K));
            assertEquals(BEYOND_HORIZON, w.check(K, "a", NOW + 60, all(NOW - 86_400)));
            assertEquals(REPLAY, w.check(K, "new", NOW + 61, all(NOW - 86_400)));
        }
    }

    @Test
    void aFullWindowRefusesInsteadOfForgettingUnexpiredIds() {
        try (ReplayWindow w = open(3)) {
            w.record(K, "a", NOW + 100, all(NOW));
            w.record(K, "b", NOW + 200, all(NOW));
            w.record(K, "c", NOW + 300, all(NOW));
            assertEquals(FULL, w.record(K, "d", NOW + 400, all(NOW)));
            assertEquals(REPLAY, w.check(K, "a", NOW + 100, all(NOW))); // nothing was dropped
            assertEquals(FRESH, w.record(K, "d", NOW + 400, all(NOW + 100 + SKEW + 1))); // a expired: room for one
            assertEquals(FULL, w.record(K, "e", NOW + 400, all(NOW + 100 + SKEW + 1)));
        }
    }

    @Test
    void aLineCutByAPowerCutIsIgnored() throws Exception {
        try (ReplayWindow w = open(10)) {
            w.record(K, "a", NOW + 60, all(NOW));
        }
        Path file = dir.resolve(ReplayWindow.FILE);
        Files.writeString(file, Files.readString(file) + "1764300999 half-writ", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        try (ReplayWindow w = open(10)) {
            assertEquals(1, w.size());
            assertEquals(FRESH, w.check(K, "half-writ", NOW + 999, all(NOW)));
            w.record(K, "b", NOW + 60, all(NOW)); // appended after a clean rewrite, not glued to the cut line
        }
        try (ReplayWindow w = open(10)) {
            assertEquals(2, w.size());
            assertEquals(REPLAY, w.check(K, "b", NOW + 60, all(NOW)));
        }
    }

    @Test
    void garbageLinesAreSkippedNotFatal() throws Exception {
        Files.writeString(dir.resolve(ReplayWindow.FILE), "horizon 5\nnonsense\n12 bad id!\nx y\n100 ok\n");
        try (ReplayWindow w = open(10)) {
            assertEquals(1, w.size());
            assertEquals(5, w.horizon(K));
            assertEquals(REPLAY, w.check(K, "ok", 100, all(0)));
        }
    }

    @Test
    void theFileIsCompactedSoItStaysSmall() throws Exception {
        try (ReplayWindow w = open(100_000)) {
            for (int i = 0; i < 5000; i++) {
                long now = NOW + i;
                assertEquals(FRESH, w.record(K, "id-" + i, now + 10, all(now)));
            }
            assertTrue(w.size() < 100, "expired ids are dropped: " + w.size());
        }
        long lines = Files.readAllLines(dir.resolve(ReplayWindow.FILE), StandardCharsets.US_ASCII).size();
        assertTrue(lines < 1500, "file has " + lines + " lines");
        try (ReplayWindow w = open(100_000)) {
            assertEquals(REPLAY, w.check(K, "id-4999", NOW + 4999 + 10, all(NOW + 4999)));
            assertEquals(BEYOND_HORIZON, w.check(K, "id-0", NOW + 10, all(NOW + 4999)));
        }
    }

    @Test
    void aWindowThatCannotBeWrittenStillWorksInMemory() throws Exception {
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where the state directory should be");
        try (ReplayWindow w = new ReplayWindow(blocked, SKEW, 10)) {
            assertEquals(FRESH, w.record(K, "a", NOW + 60, all(NOW)));
            assertEquals(REPLAY, w.check(K, "a", NOW + 60, all(NOW)));
        }
    }

    @Test
    void aKeyForgetsEarlyOnlyItsOwnIds() {
        try (ReplayWindow w = open(10)) {
            w.record("fast", "f1", NOW + 60, all(NOW));
            w.record("right", "r1", NOW + 60, all(NOW));
            // key "fast" has shown a clock an hour ahead: its own ids expire by that clock, nobody else's
            assertEquals(FRESH, w.record("fast", "f2", NOW + 3700, key("fast", NOW + 3600, NOW)));
            assertEquals(NOW + 60, w.horizon("fast"));
            assertEquals(-1, w.horizon("right"));
            assertEquals(REPLAY, w.check("right", "r1", NOW + 60, all(NOW)));
            assertEquals(FRESH, w.check("right", "r2", NOW + 50, all(NOW)), "not bound by another key's horizon");
            assertEquals(BEYOND_HORIZON, w.check("fast", "f1", NOW + 60, all(NOW)));
            assertEquals(BEYOND_HORIZON, w.check("fast", "f0", NOW + 50, all(NOW)));
        }
        try (ReplayWindow w = open(10)) {
            assertEquals(NOW + 60, w.horizon("fast"));
            assertEquals(-1, w.horizon("right"));
            assertEquals(REPLAY, w.check("right", "r1", NOW + 60, all(NOW)));
            assertEquals(BEYOND_HORIZON, w.check("fast", "f1", NOW + 60, all(NOW)));
            // a jti is a replay whichever key sends it again
            assertEquals(REPLAY, w.check("right", "f2", NOW + 3700, all(NOW)));
        }
    }

    @Test
    void idsKeptWithoutAKeyExpireByTheStationsClockAndTheirHorizonBindsEveryKey() throws Exception {
        Files.writeString(dir.resolve(ReplayWindow.FILE), "horizon 100\n" + (NOW + 60) + " old\n");
        try (ReplayWindow w = open(10)) {
            assertEquals(100, w.horizon("any"));
            assertEquals(BEYOND_HORIZON, w.check("any", "x", 100, all(NOW)));
            // a sender's fast clock does not make the station forget an id it cannot tie to that sender
            assertEquals(FRESH, w.check("any", "y", NOW + 9999, key("any", NOW + 3600, NOW)));
            assertEquals(REPLAY, w.check("other", "old", NOW + 60, all(NOW)));
            assertEquals(FRESH, w.check("other", "z", NOW + 9999, all(NOW + 91)));
            assertEquals(NOW + 60, w.horizon("other"));
        }
    }

    @Test
    void aJtiAcceptedAgainAfterItWasForgottenKeepsTheFirstOneRefusedAfterAPowerCut() {
        ReplayWindow w = open(10); // never closed: a power cut does not compact
        w.record("a", "dup", NOW + 60, all(NOW));
        assertEquals(FRESH, w.record("b", "other", NOW + 999, all(NOW + 91))); // forgets a's "dup"
        assertEquals(FRESH, w.record("b", "dup", NOW + 500, all(NOW + 91)));
        try (ReplayWindow after = open(10)) {
            assertEquals(NOW + 60, after.horizon("a"), "a's horizon, raised when its dup was forgotten, is back");
            assertEquals(BEYOND_HORIZON, after.check("a", "x", NOW + 60, all(0)));
            assertEquals(REPLAY, after.check("b", "dup", NOW + 500, all(0)));
        }
        w.close();
    }
}

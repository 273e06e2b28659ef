package vn.communeradio.gateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What runs after a session's record (its final ack): only once the record is on disk, and even at shutdown. */
class BroadcastLogEndingTest {

    @TempDir
    Path dir;

    private static final BroadcastLog.Link OFFLINE = new BroadcastLog.Link() {
        @Override
        public boolean connected() {
            return false;
        }

        @Override
        public void publish(byte[] record, Runnable acknowledged) {
        }
    };

    private static Ending ending(String jti) {
        return new Ending(jti, "s-" + jti, "normal", "tone:440", 1_000, LogOutcome.FINISHED, null, null,
                new Played(900L, 100, 0));
    }

    @Test
    void whatFollowsARecordRunsOnceTheRecordIsOnDisk() throws Exception {
        try (BroadcastLog log = BroadcastLog.open(dir, "st-1", 64 * 1024, OFFLINE, () -> 1_000L)) {
            CompletableFuture<List<Map<String, Object>>> seenThen = new CompletableFuture<>();
            log.ended(ending("c-1"), () -> {
                try {
                    seenThen.complete(JournalReader.lastRecords(dir, 10));
                } catch (Exception e) {
                    seenThen.completeExceptionally(e);
                }
            });
            List<Map<String, Object>> records = seenThen.get(10, TimeUnit.SECONDS);
            assertEquals(1, records.size(), records.toString());
            assertEquals("c-1", records.get(0).get("jti"));
        }
    }

    @Test
    void aSessionEndingAfterTheLogClosedStillGetsWhatFollowsItsRecord() throws Exception {
        BroadcastLog log = BroadcastLog.open(dir, "st-1", 64 * 1024, OFFLINE, () -> 1_000L);
        log.close();
        boolean[] ran = new boolean[1];
        log.ended(ending("c-2"), () -> ran[0] = true);
        assertTrue(ran[0], "the final ack goes out even when the journal is already closed at shutdown");
    }
}

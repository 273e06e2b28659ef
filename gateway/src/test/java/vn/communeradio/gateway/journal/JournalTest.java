package vn.communeradio.gateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.hearing.Heard;

/** The journal on disk: seq recovery, torn last lines, the size bound and its drop count, open sessions. */
class JournalTest {

    static final long BIG = 1024 * 1024;

    @TempDir
    Path dir;

    static Ending ending(String jti, LogOutcome outcome) {
        return new Ending(jti, "s-" + jti, "normal", "tone:440", 1_000, outcome, null, null, Played.NOTHING);
    }

    static OpenSession marker(String jti, Priority priority, Long endAt) {
        return new OpenSession(jti, "s-" + jti, priority, List.of("tone:880"), false, null, List.of(1), null, 500L,
                endAt);
    }

    Path lastSegment() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(Journal.PREFIX)).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void seqContinuesAfterReopenAndRecordsCarryEveryField() throws Exception {
        try (Journal journal = Journal.open(dir, "st-1", BIG, 0)) {
            journal.opened(marker("a", Priority.NORMAL, null));
            Heard unheard = new Heard(false, -60.04, 0.031, null);
            LogRecord first = journal.record(new Ending("a", "s-a", "normal", "tone:440", 2_000, LogOutcome.FAILED,
                    "source_unreachable", "stream dropped", new Played(700L, 1_234, 2, unheard, "not heard: s-a")));
            assertEquals(new LogRecord("st-1", 1, "s-a", "a", "normal", "tone:440", 700L, 2_000, LogOutcome.FAILED,
                    "source_unreachable", "stream dropped", 1_234L, 2, unheard, "not heard: s-a", 0), first,
                    "started is when its audio first reached the output, not its marker's time");
            String line = journal.pendingFrom(1).getValue();
            assertTrue(line.endsWith("\"outcome\":\"failed\",\"code\":\"source_unreachable\","
                    + "\"reason\":\"stream dropped\",\"audio_s\":1.23,\"drops\":2,"
                    + "\"heard\":{\"ok\":false,\"level_db\":-60.0,\"match\":0.03,\"delay_ms\":null},"
                    + "\"fault\":\"not heard: s-a\"}"), line);
            journal.record(ending("b", LogOutcome.STOPPED));
            journal.opened(marker("d", Priority.EMERGENCY, null));
            LogRecord unknown = journal.record(new Ending("d", "s-d", "emergency", "tone:880", 3_000,
                    LogOutcome.INTERRUPTED, null, "the service stopped", null));
            assertEquals(500L, unknown.started(), "no one could tell: its marker's started");
            assertTrue(journal.pendingFrom(3).getValue().endsWith("\"reason\":\"the service stopped\"}"),
                    "no audio_s when no one counted: " + journal.pendingFrom(3).getValue());
        }
        try (Journal journal = Journal.open(dir, "st-1", BIG, 0)) {
            assertEquals(3, journal.lastSeq());
            assertEquals(4, journal.record(ending("c", LogOutcome.FINISHED)).seq());
            assertEquals(0, journal.position(), "nothing acknowledged yet");
            assertTrue(journal.pendingFrom(1).getValue().startsWith("{\"seq\":1,\"station\":\"st-1\""));
            assertTrue(journal.openSessions().isEmpty(), "a's record closed its marker");
        }
    }

    @Test
    void theAcknowledgedPositionIsNeverGoneBelowEvenWithAnEmptyDirectory() throws Exception {
        try (Journal journal = Journal.open(dir, "st-1", BIG, 41)) {
            assertEquals(42, journal.record(ending("a", LogOutcome.FINISHED)).seq());
            assertEquals(List.of(42L), pendingSeqs(journal));
        }
    }

    @Test
    void aTornLastLineIsCutOffAndItsSeqIsNeverReused() throws Exception {
        try (Journal journal = Journal.open(dir, "st-1", BIG, 0)) {
            journal.record(ending("a", LogOutcome.FINISHED));
            journal.record(ending("b", LogOutcome.FINISHED));
        }
        Path segment = lastSegment();
        long goodSize = Files.size(segment);
        Files.writeString(segment, "{\"seq\":3,\"station\":\"st-1\",\"sess", StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(dir, "st-1", BIG, 0)) {
            assertEquals(goodSize, Files.size(segment), "torn line cut off the file");
            assertEquals(3, journal.lastSeq(), "seq 3 may have been on its way: skipped");
            assertEquals(4, journal.record(ending("c", LogOutcome.FINISHED)).seq());
            assertEquals(List.of(1L, 2L, 4L), pendingSeqs(journal));
        }
        // a torn line that never got as far as its seq costs no seq at all
        Files.writeString(lastSegment(), "{\"se", StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(dir, "st-1", BIG, 0)) {
            assertEquals(5, journal.record(ending("d", LogOutcome.FINISHED)).seq());
            String text = Files.readString(lastSegment());
            assertFalse(text.contains("{\"se{"), text);
            assertTrue(text.endsWith("\n"));
        }
    }

    @Test
    void aSessionWhoseRecordWasTornStaysOpen() throws Exception {
        try (Journal journal = Journal.open(dir, "st-1", BIG, 0)) {
            journal.opened(marker("a", Priority.NORMAL, null));
        }
        Files.writeString(lastSegment(), "{\"seq\":1,\"station\":\"st-1\",\"session\":\"s-a\",\"jti\":\"a\"",
                StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(dir, "st-1", BIG, 0)) {
            assertEquals(List.of("a"), journal.openSessions().stream().map(OpenSession::jti).toList());
        }
    }

    @Test
    void theSizeIsBoundedAndRecordsDroppedUnacknowledgedAreCounted() throws Exception {
        long max = 16 * 1024;
        long carried = 0;
        int written = 300;
        try (Journal journal = Journal.open(dir, "st-1", max, 0)) {
            for (int i = 0; i < written; i++) {
                LogRecord r = journal.record(ending("j" + i, LogOutcome.FINISHED));
                carried += r.dropped();
                assertTrue(directoryBytes() <= max + 1024, "journal at " + directoryBytes() + " bytes");
            }
            assertTrue(journal.droppedTotal() > 0);
            assertEquals(journal.droppedTotal(), carried, "every drop reported by a later record");
            assertEquals(written, journal.droppedTotal() + pendingSeqs(journal).size(), "none lost silently");
            assertEquals(written, journal.lastSeq());
        }
    }

    @Test
    void acknowledgedRecordsAreDroppedWithoutBeingCounted() throws Exception {
        try (Journal journal = Journal.open(dir, "st-1", 16 * 1024, 0)) {
            for (int i = 0; i < 300; i++) {
                LogRecord r = journal.record(ending("j" + i, LogOutcome.FINISHED));
                journal.acknowledged(r.seq());
                assertEquals(0, r.dropped());
            }
            assertEquals(0, journal.droppedTotal());
            assertEquals(300, journal.position());
        }
    }

    @Test
    void theDropCountSurvivesARestartBeforeTheNextRecord() throws Exception {
        long max = 16 * 1024;
        try (Journal journal = Journal.open(dir, "st-1", max, 0)) {
            // markers alone fill segments: rotation drops records, no record carries the count yet
            for (int i = 0; i < 60; i++) {
                journal.record(ending("r" + i, LogOutcome.FINISHED));
            }
            long before = journal.droppedTotal();
            for (int i = 0; journal.droppedTotal() == before && i < 1000; i++) {
                journal.opened(marker("m" + i, Priority.LOW, 1L));
            }
            assertTrue(journal.droppedTotal() > before, "markers pushed records out");
        }
        try (Journal journal = Journal.open(dir, "st-1", max, 0)) {
            assertTrue(journal.record(ending("x", LogOutcome.FINISHED)).dropped() > 0);
        }
    }

    @Test
    void openSessionsSurviveRotationAndTheBound() throws Exception {
        try (Journal journal = Journal.open(dir, "st-1", 16 * 1024, 0)) {
            journal.opened(marker("long", Priority.EMERGENCY, null));
            for (int i = 0; i < 300; i++) {
                journal.record(ending("j" + i, LogOutcome.FINISHED));
            }
        }
        try (Journal journal = Journal.open(dir, "st-1", 16 * 1024, 0)) {
            assertEquals(List.of(marker("long", Priority.EMERGENCY, null)), journal.openSessions());
        }
    }

    @Test
    void onlyRecordsAfterTheAcknowledgedPositionArePendingAfterARestart() throws Exception {
        try (Journal journal = Journal.open(dir, "st-1", BIG, 0)) {
            for (int i = 0; i < 4; i++) {
                journal.record(ending("j" + i, LogOutcome.FINISHED));
            }
            journal.acknowledged(1);
            journal.acknowledged(2);
            journal.acknowledged(4);
            assertEquals(2, journal.position(), "3 is still missing");
        }
        try (Journal journal = Journal.open(dir, "st-1", BIG, 2)) {
            assertEquals(List.of(3L, 4L), pendingSeqs(journal), "4 is sent again: only the position is saved");
        }
    }

    static List<Long> pendingSeqs(Journal journal) {
        List<Long> seqs = new ArrayList<>();
        for (var e = journal.pendingFrom(0); e != null; e = journal.pendingFrom(e.getKey() + 1)) {
            seqs.add(e.getKey());
        }
        return seqs;
    }

    long directoryBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

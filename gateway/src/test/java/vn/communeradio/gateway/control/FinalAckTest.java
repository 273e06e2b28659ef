package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.journal.Ending;
import vn.communeradio.gateway.journal.OpenSession;
import vn.communeradio.gateway.journal.SessionLog;
import vn.communeradio.gateway.playback.SoundRequest;

/** A session's final ack leaves only once its broadcast log record is on disk. */
class FinalAckTest {

    @TempDir
    Path stateDir;

    /** A journal whose disk has not answered yet: records wait until {@link #sync}. */
    private static final class SlowDisk implements SessionLog {
        final List<Ending> records = new ArrayList<>();
        final List<Runnable> afterSync = new ArrayList<>();

        @Override
        public void waiting(OpenSession session) {
        }

        @Override
        public void started(OpenSession session) {
        }

        @Override
        public void ended(Ending ending, Runnable then) {
            records.add(ending);
            afterSync.add(then);
        }

        @Override
        public void after(Runnable task) {
            afterSync.add(task);
        }

        void sync() {
            afterSync.forEach(Runnable::run);
            afterSync.clear();
        }
    }

    /** The control alone (no playback behind it): what it does when a session ends. */
    private StationControl control(RecordingOutbox outbox, SlowDisk disk) {
        StationControl control = new StationControl("st-1", ControlLoop.drivenBy(() -> 0), events -> null, null, outbox,
                () -> 5_000L, () -> true, stateDir);
        control.journal(disk);
        return control;
    }

    private static Session session(String jti) {
        return new Session(jti, "s-" + jti, Priority.NORMAL, new SoundRequest(List.of("tone:440"), false, null),
                List.of(1), null, 0, 10_000L, 0);
    }

    @Test
    void theFinalAckWaitsForTheRecordAndCarriesItsFields() {
        RecordingOutbox outbox = new RecordingOutbox();
        SlowDisk disk = new SlowDisk();
        StationControl control = control(outbox, disk);

        control.sessionEnded(session("c-1"), AckStatus.FAILED,
                Map.of("session", "s-c-1", "code", "source_unreachable", "reason", "no answer"),
                "source_unreachable", "no answer");
        assertEquals(1, disk.records.size(), "the record is written at once");
        assertTrue(outbox.acks.isEmpty(), "no final ack before the record is on disk: " + outbox.acks);

        disk.sync();
        assertEquals(1, outbox.acks.size(), outbox.acks.toString());
        String ack = outbox.acks.get(0);
        assertTrue(ack.contains("\"id\":\"c-1\"") && ack.contains("\"status\":\"failed\"")
                && ack.contains("\"code\":\"source_unreachable\"") && ack.contains("\"session\":\"s-c-1\""), ack);
    }

    @Test
    void aSessionWhoseLastWordWasAnEarlierAckIsLoggedWithoutAnotherAck() {
        RecordingOutbox outbox = new RecordingOutbox();
        SlowDisk disk = new SlowDisk();
        StationControl control = control(outbox, disk);

        control.sessionEnded(session("c-2"), AckStatus.PREEMPTED, null, null, null);
        disk.sync();
        assertEquals(1, disk.records.size());
        assertTrue(outbox.acks.isEmpty(), outbox.acks.toString());
    }

    @Test
    void theNextSessionsStartedNeverOvertakesAFinalAckWaitingForItsRecord() {
        RecordingOutbox outbox = new RecordingOutbox();
        SlowDisk disk = new SlowDisk();
        StationControl control = control(outbox, disk);

        control.sessionEnded(session("flood"), AckStatus.FINISHED, Map.of("session", "s-flood"), null, null);
        control.ack("bulletin", AckStatus.STARTED, Map.of("session", "s-bulletin", "resumed", true));
        assertTrue(outbox.acks.isEmpty(), "the resumed session waits behind the emergency's final ack: " + outbox.acks);
        disk.sync();
        assertEquals(2, outbox.acks.size(), outbox.acks.toString());
        assertTrue(outbox.acks.get(0).contains("\"id\":\"flood\",\"station\":\"st-1\",\"status\":\"finished\""),
                outbox.acks.toString());
        assertTrue(outbox.acks.get(1).contains("\"status\":\"started\""), outbox.acks.toString());

        control.ack("bulletin", AckStatus.PREEMPTED, Map.of("session", "s-bulletin"));
        assertEquals(3, outbox.acks.size(), "nothing pending: at once");
    }
}

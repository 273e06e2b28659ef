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

    private static final class Acks implements Outbox {
        final List<String> sent = new ArrayList<>();

        @Override
        public void ack(String json) {
            sent.add(json);
        }

        @Override
        public void state(String json) {
        }
    }

    /** The control alone (no playback behind it): what it does when a session ends. */
    private StationControl control(Acks acks, SlowDisk disk) {
        StationControl control = new StationControl("st-1", ControlLoop.drivenBy(() -> 0), events -> null, null, acks,
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
        Acks acks = new Acks();
        SlowDisk disk = new SlowDisk();
        StationControl control = control(acks, disk);

        control.sessionEnded(session("c-1"), AckStatus.FAILED,
                Map.of("session", "s-c-1", "code", "source_unreachable", "reason", "no answer"),
                "source_unreachable", "no answer");
        assertEquals(1, disk.records.size(), "the record is written at once");
        assertTrue(acks.sent.isEmpty(), "no final ack before the record is on disk: " + acks.sent);

        disk.sync();
        assertEquals(1, acks.sent.size(), acks.sent.toString());
        String ack = acks.sent.get(0);
        assertTrue(ack.contains("\"id\":\"c-1\"") && ack.contains("\"status\":\"failed\"")
                && ack.contains("\"code\":\"source_unreachable\"") && ack.contains("\"session\":\"s-c-1\""), ack);
    }

    @Test
    void aSessionWhoseLastWordWasAnEarlierAckIsLoggedWithoutAnotherAck() {
        Acks acks = new Acks();
        SlowDisk disk = new SlowDisk();
        StationControl control = control(acks, disk);

        control.sessionEnded(session("c-2"), AckStatus.PREEMPTED, null, null, null);
        disk.sync();
        assertEquals(1, disk.records.size());
        assertTrue(acks.sent.isEmpty(), acks.sent.toString());
    }

    @Test
    void theNextSessionsStartedNeverOvertakesAFinalAckWaitingForItsRecord() {
        Acks acks = new Acks();
        SlowDisk disk = new SlowDisk();
        StationControl control = control(acks, disk);

        control.sessionEnded(session("flood"), AckStatus.FINISHED, Map.of("session", "s-flood"), null, null);
        control.ack("bulletin", AckStatus.STARTED, Map.of("session", "s-bulletin", "resumed", true));
        assertTrue(acks.sent.isEmpty(), "the resumed session waits behind the emergency's final ack: " + acks.sent);
        disk.sync();
        assertEquals(2, acks.sent.size(), acks.sent.toString());
        assertTrue(acks.sent.get(0).contains("\"id\":\"flood\",\"station\":\"st-1\",\"status\":\"finished\""),
                acks.sent.toString());
        assertTrue(acks.sent.get(1).contains("\"status\":\"started\""), acks.sent.toString());

        control.ack("bulletin", AckStatus.PREEMPTED, Map.of("session", "s-bulletin"));
        assertEquals(3, acks.sent.size(), "nothing pending: at once");
    }
}

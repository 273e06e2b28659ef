package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.gateway.control.RelaySequence.Stage.HOLDING;
import static vn.communeradio.gateway.control.RelaySequence.Stage.ON_AIR;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.Commands;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Priority;

/**
 * Local announcements (push-to-talk, the console) on {@link PlaybackTest}'s driven loop and manual clock: one session
 * of the line input at the configured priority, ended finished when released, preempted by an emergency and back
 * after it while still held; and {@code input:line} refused on a station without a line input.
 */
class AnnouncementsTest {

    private final PlaybackTest station = new PlaybackTest();
    private final Announcements announcements = new Announcements(station.loop, station.playback, Priority.HIGH,
            true);

    /** Whether the playback told {@code what} (a regular expression after the time) about session {@code id}. */
    private boolean told(String id, String what) {
        return station.told.stream().anyMatch(t -> t.matches("[0-9]+ " + java.util.regex.Pattern.quote(id) + " "
                + what));
    }

    @Test
    void pressingPutsTheLineOnAirAndReleasingFinishesIt() {
        String id = announcements.newId(1_000);
        assertTrue(id.startsWith("local-1000-"), id);
        assertEquals(id, announcements.start(id, null, "test"));
        station.loop.runDue();
        assertEquals(id, announcements.start(announcements.newId(1_000), null, "test"), "one at a time");
        assertEquals(List.of(id), station.playback.sessionIds());
        assertEquals(Priority.HIGH, station.playback.priorityOf(id));
        assertEquals(List.of("input:line"), station.playback.current().source.sources());
        assertEquals(List.of(1, 2), station.playback.current().playsOn(2), "every zone");
        station.pass(PlaybackTest.WARMUP.plus(PlaybackTest.CHECK));
        assertEquals(ON_AIR, station.playback.stage());

        station.pass(5_000);
        assertTrue(announcements.stop("test"));
        station.pass(PlaybackTest.FADE);
        assertEquals(HOLDING, station.playback.stage());
        assertEquals(List.of("0 " + id + " journal waiting", "1010 " + id + " started", "1010 " + id + " journal open",
                "6035 " + id + " journal finished", "6035 " + id + " finished audio 5.02"), station.told,
                "released: finished, with its time on air");
        assertNull(announcements.current());
        assertFalse(announcements.stop("test"), "nothing left to end");
    }

    @Test
    void releasedDuringTheWarmUpItEndsStoppedNotFailed() {
        String id = announcements.start(announcements.newId(0), null, "test");
        station.pass(PlaybackTest.WARMUP.dividedBy(2));
        assertTrue(announcements.stop("test"), "released before the amplifier warmed up");
        station.pass(PlaybackTest.FADE.plus(PlaybackTest.CHECK));
        assertEquals(List.of("0 " + id + " journal waiting", "525 " + id + " journal stopped",
                "525 " + id + " stopped audio 0.00"), station.told, "its owner ended it before it played: stopped, "
                + "in the record too, no failure and no started");
        assertNull(station.lastAck.get(id).get("code"), station.lastAck.toString());
        assertNull(announcements.current());
    }

    @Test
    void anEmergencyPreemptsTheAnnouncementWhichComesBackWhileStillHeldOrEndsIfReleasedMeanwhile() {
        String id = announcements.start(announcements.newId(0), null, "test");
        station.pass(PlaybackTest.WARMUP.plus(PlaybackTest.CHECK));
        station.play("flood", Priority.EMERGENCY, 3L);
        assertTrue(told(id, "preempted.*"), station.told.toString());
        assertEquals(id, announcements.current(), "still held: it waits to come back");
        station.pass(3_000);
        station.pass(PlaybackTest.FADE.plus(PlaybackTest.CHECK).plus(PlaybackTest.CHECK));
        assertTrue(told(id, "started resumed"), station.told.toString());

        station.play("flood-2", Priority.EMERGENCY, 60L);
        station.pass(PlaybackTest.FADE);
        assertTrue(announcements.stop("test"), "released during the emergency");
        assertTrue(told(id, "stopped.*"), "it was waiting, not on air: " + station.told);
        assertEquals(List.of("flood-2"), station.playback.sessionIds());
    }

    @Test
    void anAnnouncementEndsAtItsTimeAndAnotherMayStart() {
        String id = announcements.start(announcements.newId(0), 10L, "console");
        station.pass(10_000);
        station.pass(PlaybackTest.FADE);
        assertTrue(told(id, "finished audio 9\\.00"), station.told.toString());
        assertNull(announcements.current());
        String next = announcements.newId(11_000);
        assertEquals(next, announcements.start(next, null, "console"));
    }

    @Test
    void withoutALineInputNothingStarts() {
        Announcements none = new Announcements(station.loop, station.playback, Priority.HIGH, false);
        assertFalse(none.lineInput());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> none.start(none.newId(0), null, "test"));
        assertTrue(e.getMessage().contains("no line input"), e.getMessage());
        assertTrue(station.playback.sessionIds().isEmpty());
    }

    @Test
    void aStationWithoutALineInputRefusesInputLineUnsupported(@TempDir Path stateDir) throws Exception {
        RecordingOutbox outbox = new RecordingOutbox();
        StationControl control = new StationControl("st-1", station.loop, events -> station.playback, null, outbox,
                () -> 5_000L, () -> true, stateDir);
        Envelope envelope = new Envelope("c-1", "district", "station/st-1", 5, 65, "district", Priority.HIGH, false,
                "play", 0);
        control.execute(envelope, Commands.parse("play", Map.of("source", "input:line"), "c-1"));
        assertEquals(1, outbox.acks.size(), outbox.acks.toString());
        String ack = outbox.acks.get(0);
        assertTrue(ack.contains("\"status\":\"rejected\"") && ack.contains("\"code\":\"unsupported\"")
                && ack.contains("no line input"), ack);
        assertTrue(station.playback.sessionIds().isEmpty(), "nothing queued");
    }
}

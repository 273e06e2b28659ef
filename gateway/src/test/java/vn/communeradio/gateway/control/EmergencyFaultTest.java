package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.Commands;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.playback.Silence;

/** Proof of broadcast's faults for an emergency that never sounded, on the driven loop. */
class EmergencyFaultTest {

    @TempDir
    Path dir;

    private static Envelope province(String jti, String cmd) {
        return new Envelope(jti, "province", "station/st-1", 5, 65, "province", Priority.EMERGENCY, false, cmd, 0);
    }

    @Test
    void anEmergencyWhoseSourceNeverDeliveredIsNotHeardOnItsZones() throws Exception {
        ControlFixture f = new ControlFixture(dir, PlaybackTest.WARMUP, true);
        f.control.execute(province("c-1", "play"), Commands.parse("play", Map.of("source", "http://127.0.0.1:1/flood.mp3",
                "priority", "emergency", "session", "flood-0612", "duration_s", 5L), "c-1"));
        PlaybackTest.TestSound sound = f.station.sounds.get(0);
        sound.voice().delivering(false);
        sound.silence = new Silence(RejectCode.SOURCE_UNREACHABLE, "127.0.0.1:1 refused the connection");
        f.station.pass(5_000 + PlaybackTest.FADE.toMillis());
        Map<String, Object> ack = f.lastAck("c-1");
        assertEquals("failed", ack.get("status"), ack.toString());
        assertEquals(List.of("not heard: flood-0612"), f.faults.lines(), "the village heard nothing of it");
        assertEquals("not heard: flood-0612", f.records.get(0).played().fault(), "its record says so");
        assertEquals(List.of("not heard: flood-0612"), f.control.state(true).get("faults"));
    }

    @Test
    void anEmergencyStoppedWhileWaitingRaisesNoFault() throws Exception {
        ControlFixture f = new ControlFixture(dir, PlaybackTest.WARMUP, true);
        f.control.execute(province("c-1", "play"), Commands.parse("play", Map.of("source", "tone:440", "priority",
                "emergency", "session", "drill", "start_at", f.station.time.millis() / 1000 + 60), "c-1")); // it waits for its time
        f.control.execute(province("c-2", "stop"), Commands.parse("stop", Map.of("session", "drill"), "c-2"));
        f.station.pass(100);
        assertEquals("stopped", f.lastAck("c-1").get("status"), f.acks.toString());
        assertEquals(List.of(), f.faults.lines(), "nothing was due: nobody failed to hear it");
    }
}

package vn.communeradio.tests.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;

/** Health figures central systems watch: periodic telemetry and the digital inputs in the retained state. */
class TelemetryTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void telemetryArrivesPeriodicallyWithBoardAudioStreamLinkAndInputFigures() throws Exception {
        try (Mosquitto broker = Mosquitto.start();
             MqttTestClient central = new MqttTestClient(broker.url(), Central.PREFIX + "/station/+/telemetry",
                     Central.PREFIX + "/station/+/state")) {
            SigningKeys keys = new SigningKeys(dir.resolve("keys"));
            keys.create("district");
            try (StationUnderTest station = new StationUnderTest("tel-1", dir.resolve("tel-1"), broker.url(),
                    keys.dir(), "telemetry.interval_s = 5\ninput.mains.pin = 4\ninput.door.pin = 5\n").start()) {
                String topic = Central.PREFIX + "/station/tel-1/telemetry";
                long t0 = System.nanoTime();
                MqttTestClient.Received first = central.await(m -> m.topic().equals(topic), Duration.ofSeconds(15));
                MqttTestClient.Received second = central.await(m -> m.topic().equals(topic) && m != first
                        && !m.payload().equals(first.payload()), Duration.ofSeconds(15));
                double gap = (System.nanoTime() - t0) / 1e9;
                assertTrue(gap >= 4.0 && gap < 15, "two messages about 5 s apart, took " + gap);
                assertFalse(second.retained(), "telemetry is not retained");

                Map<String, Object> t = Central.ack(second.payload());
                assertEquals("tel-1", t.get("station"));
                assertTrue(t.get("ts") instanceof Long);
                assertTrue((Long) t.get("uptime_s") >= 5, t.toString());
                Map<String, Object> audio = (Map<String, Object>) t.get("audio");
                assertEquals(true, audio.get("running"), t.toString());
                assertTrue((Long) audio.get("callbacks") > 100, "the null output runs in real time: " + audio);
                assertEquals(0L, audio.get("xruns"));
                Map<String, Object> board = (Map<String, Object>) t.get("board");
                assertTrue((Long) board.get("heap_used_kb") > 0, board.toString());
                assertTrue(board.containsKey("cpu_temp_c") && board.containsKey("load1"), board.toString());
                assertTrue(((Map<String, Object>) t.get("streams")).containsKey("underruns"));
                assertTrue((Long) ((Map<String, Object>) t.get("mqtt")).get("connects") >= 1);
                Map<String, Object> commands = (Map<String, Object>) t.get("commands");
                assertEquals(0L, commands.get("accepted"), t.toString());
                assertEquals(0L, ((Map<String, Object>) commands.get("rejected")).get("bad_signature"), t.toString());
                assertEquals(Map.of("mains", false, "door", false), t.get("inputs"));

                MqttTestClient.Received state = central.await(m -> m.topic().endsWith("/tel-1/state")
                        && m.payload().contains("\"online\":true"), Duration.ofSeconds(5));
                assertEquals(Map.of("mains", false, "door", false), Central.ack(state.payload()).get("inputs"));
            }
        }
    }
}

package vn.communeradio.tests.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Tone;

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

    @Test
    @SuppressWarnings("unchecked")
    void streamUnderrunsAreCountedWhileTheSessionStillPlays() throws Exception {
        Path wav = TestAudio.wav(Files.createDirectories(dir.resolve("media")), "slow.wav",
                new Tone(440, 0.5, 2, 44_100, 2));
        byte[] live = Files.readAllBytes(TestAudio.mp3Live(wav));
        try (Mosquitto broker = Mosquitto.start(); StreamServer server = StreamServer.start();
             Central central = new Central(broker.url());
             MqttTestClient telemetry = new MqttTestClient(broker.url(), Central.PREFIX + "/station/+/telemetry")) {
            // a sender at 75 % of real time: the buffer runs dry again and again, nothing ends the session
            server.serve("/slow.mp3", Reply.live(live).paced(12_000));
            SigningKeys keys = new SigningKeys(dir.resolve("keys"));
            CommandSigner district = keys.create("district");
            try (StationUnderTest station = new StationUnderTest("tel-2", dir.resolve("tel-2"), broker.url(),
                    keys.dir(), "telemetry.interval_s = 5\nstream.buffer_ms = 200\n").start()) {
                central.awaitState("tel-2", "\"online\":true");
                String jti = central.send(district, "tel-2", "play", Map.of("source",
                        server.uri("/slow.mp3").toString()));
                central.awaitAck("tel-2", jti, "started");
                MqttTestClient.Received counted = telemetry.await(m -> {
                    Object underruns = ((Map<String, Object>) Central.ack(m.payload()).get("streams")).get("underruns");
                    return underruns instanceof Long n && n > 0;
                }, Duration.ofSeconds(20));
                assertEquals(List.of("accepted", "started"), central.statuses(jti), "still playing when telemetry "
                        + "counted its underruns: " + counted.payload());
            }
        }
    }
}

package vn.communeradio.tests.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Tone;

/** Health figures central systems watch: periodic telemetry and the digital inputs in the retained state. */
class TelemetryTest {

    static final String TELEMETRY = Central.PREFIX + "/station/+/telemetry";

    /** Its central also hears telemetry; each test's station has an id of its own. */
    @AutoClose
    static ControlRoom room;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRoom(@TempDir Path shared) throws Exception {
        room = ControlRoom.startServing(shared);
        room.central().client().subscribe(TELEMETRY);
    }

    /** Telemetry of station {@code id} only (the central hears every station's). */
    private static boolean telemetryOf(String id, MqttTestClient.Received m) {
        return m.topic().equals(Central.PREFIX + "/station/" + id + "/telemetry");
    }

    @Test
    @SuppressWarnings("unchecked")
    void telemetryArrivesPeriodicallyWithBoardAudioStreamLinkAndInputFigures() throws Exception {
        MqttTestClient central = room.central().client();
        String id = ControlRoom.uniqueId("tel");
        try (StationUnderTest station = room.station(id, dir.resolve(id),
                "telemetry.interval_s = 5\ninput.mains.pin = 4\ninput.door.pin = 5\n").start()) {
            long t0 = System.nanoTime();
            MqttTestClient.Received first = central.await(m -> telemetryOf(id, m), Duration.ofSeconds(15));
            MqttTestClient.Received second = central.await(m -> telemetryOf(id, m) && m != first
                    && !m.payload().equals(first.payload()), Duration.ofSeconds(15));
            double gap = (System.nanoTime() - t0) / 1e9;
            assertTrue(gap >= 4.0 && gap < 15, "two messages about 5 s apart, took " + gap);
            assertFalse(second.retained(), "telemetry is not retained");

            Map<String, Object> t = Central.ack(second.payload());
            assertEquals(id, t.get("station"));
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

            MqttTestClient.Received state = room.central().awaitState(id, "\"online\":true", 0,
                    Duration.ofSeconds(5));
            assertEquals(Map.of("mains", false, "door", false), Central.ack(state.payload()).get("inputs"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void streamUnderrunsAreCountedWhileTheSessionStillPlays() throws Exception {
        Path wav = TestAudio.wav(room.media(), "slow.wav", new Tone(440, 0.5, 2, 44_100, 2));
        byte[] live = Files.readAllBytes(TestAudio.mp3Live(wav));
        // a sender at 75 % of real time: the buffer runs dry again and again, nothing ends the session
        room.streams().serve("/slow.mp3", Reply.live(live).paced(12_000));
        String id = ControlRoom.uniqueId("tel");
        try (StationUnderTest station = room.startOnline(room.station(id, dir.resolve(id),
                "telemetry.interval_s = 5\nstream.buffer_ms = 200\n"))) {
            Central central = room.central();
            String jti = central.send(room.district(), id, "play", Map.of("source",
                    room.streams().uri("/slow.mp3").toString()));
            central.awaitAck(id, jti, "started");
            MqttTestClient.Received counted = central.client().await(m -> {
                if (!telemetryOf(id, m)) {
                    return false;
                }
                Object underruns = ((Map<String, Object>) Central.ack(m.payload()).get("streams")).get("underruns");
                return underruns instanceof Long n && n > 0;
            }, Duration.ofSeconds(20));
            assertEquals(List.of("accepted", "started"), central.statuses(jti), "still playing when telemetry "
                    + "counted its underruns: " + counted.payload());
        }
    }
}

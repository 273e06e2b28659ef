package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.hal.audio.JackServer;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.TestAudio;

/**
 * Proof of broadcast on JACK (issue 17): the packaged service plays through a private JACK dummy server, and a test
 * client stands for the air between horn and microphone: it takes the station's out_1, delays it
 * {@value #DELAY_MS} ms at half its level, and feeds it to the station's sense capture port (in_2). The final ack
 * says heard ok, with that delay.
 */
class ProofOfBroadcastOnJackTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int DELAY_MS = 200;

    @AutoClose
    static ControlRoom room;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRoom(@TempDir Path shared) throws Exception {
        room = ControlRoom.start(shared);
    }

    /** Only to point libjack in this JVM at the test's server: the JDK cannot set its own environment. */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    @Test
    void theStationHearsItselfThroughTheAcousticPathWithItsDelay() throws Exception {
        Central central = room.central();
        try (JackServer jack = JackServer.start()) {
            Native.load(Platform.C_LIBRARY_NAME, LibC.class).setenv("JACK_DEFAULT_SERVER", jack.name(), 1);
            String programme = programme();
            try (AcousticPath air = new AcousticPath("air", JackServer.SAMPLE_RATE * DELAY_MS / 1000, 0.5f);
                 StationUnderTest station = senseOnJack("pbj-1", jack)) {
                station.start();
                station.process().awaitLine("audio output jack .* started", WAIT);
                air.listenTo("pbj-1:out_1");
                String jti = central.send(room.district(), "pbj-1", "play",
                        Map.of("source", programme, "duration_s", 6));
                Map<String, Object> ack = central.awaitAck("pbj-1", jti, "finished", WAIT);
                System.out.println("through the acoustic path (" + DELAY_MS + " ms, period "
                        + JackServer.PERIOD_FRAMES + " frames): " + ack);
                @SuppressWarnings("unchecked")
                Map<String, Object> heard = (Map<String, Object>) ack.get("heard");
                assertEquals(true, heard.get("ok"), ack.toString());
                assertTrue(((Number) heard.get("match")).doubleValue() > 0.9, ack.toString());
                // the loop through JACK's graph adds up to a period or two to the air's delay
                double periodMs = 1000.0 * JackServer.PERIOD_FRAMES / JackServer.SAMPLE_RATE;
                double delay = ((Number) heard.get("delay_ms")).doubleValue();
                assertTrue(delay >= DELAY_MS - 10 && delay <= DELAY_MS + 2 * periodMs + 10, ack.toString());
                // wired from the start (audio.jack.capture_from): never said unconnected, not even for a moment
                assertFalse(station.process().stdout().contains("connected to nothing"), station.process().stdout());
                central.awaitState("pbj-1", "\"faults\":[]");
            }
        }
    }

    /**
     * A sense input wired to nothing (its source port absent: a microphone's client not running, a cable in the
     * wrong card) reads silence. The station says so at start, lists it as a fault of its own, judges no session on
     * it (an emergency played then carries no heard and raises no "not heard"), refuses the self-test, and once the
     * port appears it is connected, the fault goes and sessions are heard again.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aSenseInputConnectedToNothingIsSaidAndNothingIsJudgedOnItsSilence() throws Exception {
        Central central = room.central();
        try (JackServer jack = JackServer.start()) {
            Native.load(Platform.C_LIBRARY_NAME, LibC.class).setenv("JACK_DEFAULT_SERVER", jack.name(), 1);
            String programme = programme();
            try (StationUnderTest station = senseOnJack("pbj-2", jack)) {
                station.start();
                String said = station.process().awaitLine("sense input pbj-2:in_2 is connected to nothing", WAIT);
                // its source is listed: the advice is to bring that port, not to list it where it already is
                assertTrue(said.contains("WARN") && said.contains("waiting for air:sense, listed in "
                        + "audio.jack.capture_from (channel 2)"), said);
                central.awaitState("pbj-2", "\"faults\":[\"sense input not connected: pbj-2:in_2\"]");

                String flood = central.send(room.province(), "pbj-2", "play", Map.of("source", programme,
                        "priority", "emergency", "duration_s", 3));
                Map<String, Object> played = central.awaitAck("pbj-2", flood, "finished", WAIT);
                assertFalse(played.containsKey("heard"), "silence from nothing is no verdict: " + played);
                String test = central.send(room.district(), "pbj-2", "selftest", Map.of());
                Map<String, Object> refused = central.awaitAck("pbj-2", test, "rejected", WAIT);
                assertEquals("internal", refused.get("code"), refused.toString());
                assertTrue(((String) refused.get("reason")).startsWith("sense input not connected: pbj-2:in_2"),
                        refused.toString());
                // a fault raised when the emergency ended would have been published before the self-test was read
                List<String> states = central.client().received().stream()
                        .filter(m -> m.topic().equals(Central.PREFIX + "/station/pbj-2/state"))
                        .map(MqttTestClient.Received::payload).toList();
                assertTrue(states.stream().noneMatch(text -> text.contains("not heard")),
                        "no emergency called unheard: " + states);

                try (AcousticPath air = new AcousticPath("air", JackServer.SAMPLE_RATE * DELAY_MS / 1000, 0.5f)) {
                    air.listenTo("pbj-2:out_1");
                    station.process().awaitLine("sense input pbj-2:in_2 connected", WAIT);
                    central.awaitState("pbj-2", "\"faults\":[]");
                    String jti = central.send(room.district(), "pbj-2", "play",
                            Map.of("source", programme, "duration_s", 5));
                    Map<String, Object> ack = central.awaitAck("pbj-2", jti, "finished", WAIT);
                    Map<String, Object> heard = (Map<String, Object>) ack.get("heard");
                    assertEquals(true, heard.get("ok"), "judged again once connected: " + ack);
                }
            }
        }
    }

    /** 10 s of speech-like programme as an MP3 file. */
    private String programme() throws Exception {
        return TestAudio.mp3Cbr(TestAudio.speechWav(dir, "speech.wav", 10, 48_000, 5), 128).toUri().toString();
    }

    /** A station on {@code jack} whose sense input (in_2) captures from the air client's sense port. */
    private StationUnderTest senseOnJack(String id, JackServer jack) throws Exception {
        return room.station(id, dir.resolve(id), """
                hal.audio = jack
                audio.jack.server = %s
                audio.jack.client = %s
                hal.audio_in = jack
                audio.sense_channel = 2
                audio.jack.capture_from = air:line,air:sense
                """.formatted(jack.name(), id));
    }

    /** A JACK client that delays its input and plays it on 'sense' (and silence on 'line'): the air. */
    private static final class AcousticPath implements AutoCloseable {
        private final JackClient client;
        private final JackPort in;
        private final JackPort line;
        private final JackPort sense;
        private final float[] ring;
        private final float gain;
        private int at;

        AcousticPath(String name, int delayFrames, float gain) throws JackException {
            client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer,
                    JackOptions.JackUseExactName), null);
            in = client.registerPort("in", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            line = client.registerPort("line", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            sense = client.registerPort("sense", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            ring = new float[delayFrames];
            this.gain = gain;
            client.setProcessCallback(this::process);
            client.activate();
        }

        void listenTo(String port) throws JackException {
            Jack.getInstance().connect(client, port, in.getName());
        }

        private boolean process(JackClient c, int frames) {
            FloatBuffer input = in.getFloatBuffer();
            FloatBuffer output = sense.getFloatBuffer();
            FloatBuffer silence = line.getFloatBuffer();
            for (int i = 0; i < frames; i++) {
                output.put(i, ring[at] * gain);
                ring[at] = input.get(i);
                at = (at + 1) % ring.length;
                silence.put(i, 0f);
            }
            return true;
        }

        @Override
        public void close() {
            client.deactivate();
            client.close();
        }
    }
}

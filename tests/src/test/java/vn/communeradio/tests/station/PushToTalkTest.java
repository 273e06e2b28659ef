package vn.communeradio.tests.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.Mock;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.station.ConfiguredHardware;
import vn.communeradio.gateway.station.Hardware;
import vn.communeradio.gateway.station.HardwareFactory;
import vn.communeradio.gateway.station.Station;
import vn.communeradio.hal.audio.OutputFormat;
import vn.communeradio.hal.audio.SimulatedInput;
import vn.communeradio.hal.audio.SimulatedPath;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.hal.audio.WavFile;
import vn.communeradio.hal.audio.WavFileAudioOutput;
import vn.communeradio.hal.gpio.Pi4jGpio;
import vn.communeradio.hal.watchdog.Watchdog;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.NativeDecoders;

/**
 * Push-to-talk through real Pi4J code paths (mock provider): the station with {@code announce.input = ptt}, its GPIO
 * on Pi4J's mock platform and a line input carrying a 700 Hz tone (the simulated input in a WAV output's loop, the
 * speakers); a real Mosquitto gets its acks and log. Pressing the input puts the line on air (amplifier and zones on,
 * a {@code local-} session started), releasing it ends the session finished, logged with source input:line and
 * origin local; the WAV holds the line's tone for about as long as it was held.
 */
class PushToTalkTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final int RATE = 48_000;

    @TempDir
    Path dir;

    private Context pi4j;

    /** GPIO from Pi4J's mock platform as the configuration says; audio: the WAV output with a simulated line. */
    private HardwareFactory hardware(Path wav) {
        ConfiguredHardware gpio = new ConfiguredHardware(provider -> {
            pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
                    .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
            return new Pi4jGpio(pi4j, Mock.DIGITAL_OUTPUT_PROVIDER_ID, Mock.DIGITAL_INPUT_PROVIDER_ID);
        });
        return config -> {
            Hardware relays = gpio.relaysOnly(config);
            SimulatedInput line = new SimulatedInput(new SimulatedPath(List.of(), 40, 300, 5000, -90, 700), 2,
                    zone -> false, SimulatedInput.LINE_CHANNEL, 0, 1);
            return new Hardware(relays.relays(), relays.inputs(),
                    new WavFileAudioOutput(wav, new OutputFormat(RATE, 2, 1024), 16, line), Watchdog.NONE,
                    relays.sensors(), relays.releaseGpio(), relays.clocks());
        };
    }

    @Test
    void holdingTheInputPutsTheLineOnAirAndReleasingItFinishesTheSession() throws Exception {
        Path wav = dir.resolve("speakers.wav");
        try (Mosquitto broker = Mosquitto.start();
             MqttTestClient topics = new MqttTestClient(broker.url(), Central.PREFIX + "/station/ptt-1/ack",
                     Central.PREFIX + "/station/ptt-1/log", Central.PREFIX + "/station/ptt-1/state")) {
            Map<String, String> raw = new HashMap<>();
            raw.put("station.id", "ptt-1");
            raw.put("mqtt.url", broker.url());
            raw.put("security.keys", Files.createDirectories(dir.resolve("keys")).toString());
            raw.put("clock.sync_marker", "always");
            raw.put("hal.gpio", "pi4j");
            // the configuration of a JACK station with its line on capture 1; the test's hardware brings the line
            raw.put("hal.audio", "jack");
            raw.put("hal.audio_in", "jack");
            raw.put("audio.line_channel", "1");
            raw.put("relay.zones", "2");
            raw.put("input.ptt.pin", "16");
            raw.put("announce.input", "ptt");
            raw.put("announce.priority", "normal");
            raw.put("playback.warmup_ms", "0");
            raw.put("playback.default_volume", "100");
            raw.put("state.dir", dir.resolve("state").toString());
            raw.put("status.log_interval_s", "0");
            Station station = Station.start(Config.parse(raw), hardware(wav), NativeDecoders.load());
            String session;
            try {
                topics.await(m -> m.topic().endsWith("/state") && m.payload().contains("\"online\":true"), WAIT);
                MockDigitalInput ptt = pi4j.io("input-ptt");
                ptt.mockState(DigitalState.HIGH);
                MqttTestClient.Received started = topics.await(m -> m.topic().endsWith("/ack")
                        && m.payload().contains("\"id\":\"local-") && m.payload().contains("\"status\":\"started\""),
                        WAIT);
                session = Central.ack(started.payload()).get("id").toString();
                assertEquals(DigitalState.HIGH, pi4j.<DigitalOutput>io("relay-amp").state(), "amplifier on");
                assertEquals(DigitalState.HIGH, pi4j.<DigitalOutput>io("relay-zone2").state(), "every zone");
                topics.await(m -> m.topic().endsWith("/state") && m.payload().contains("\"session\":\"" + session
                        + "\",\"priority\":\"normal\",\"source\":\"input:line\""), WAIT);

                Thread.sleep(2_000); // held for a while: the measured interval
                ptt.mockState(DigitalState.LOW);
                topics.await(m -> m.topic().endsWith("/ack") && m.payload().contains("\"id\":\"" + session + "\"")
                        && m.payload().contains("\"status\":\"finished\""), WAIT);
                MqttTestClient.Received record = topics.await(m -> m.topic().endsWith("/log")
                        && m.payload().contains("\"session\":\"" + session + "\""), WAIT);
                assertTrue(record.payload().contains("\"priority\":\"normal\",\"source\":\"input:line\"")
                        && record.payload().contains("\"outcome\":\"finished\"")
                        && record.payload().contains("\"origin\":\"local\""), record.payload());
            } finally {
                station.close();
            }
        }
        float[] left = Spectrum.channel(WavFile.read(wav), 0);
        int first = Spectrum.firstAbove(left, 0.02);
        int last = Spectrum.lastAbove(left, 0.02);
        assertTrue(first >= 0, "the speakers got nothing");
        double held = (last - first) / (double) RATE;
        assertTrue(held >= 2.0 && held < 3.5, "on air about as long as held (2 s and the 50 ms polls): " + held);
        assertEquals(700, Spectrum.strongest(left, first + RATE / 10, RATE, RATE, 100, 4000), 2.0, "the line");
    }
}

package vn.communeradio.gateway.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.hal.audio.AudioRenderer;
import vn.communeradio.hal.audio.Capture;
import vn.communeradio.hal.audio.CaptureLayout;
import vn.communeradio.hal.audio.Spectrum;

/** The hardware as the configuration says: here, the audio input that comes with the output. */
class ConfiguredHardwareTest {

    @Test
    void aConfiguredSimulatedInputIsThereAtStartAndHearsTheZonesWhoseRelaysAreOn() throws Exception {
        Config config = Config.parse(Map.of("station.id", "sim-0001", "mqtt.url", "tcp://127.0.0.1:1883",
                "relay.zones", "2", "audio.period_frames", "480", "hal.audio_in", "sim", "audio.line_channel", "1",
                "audio.sense_channel", "2", "hal.sim.zone_gains", "1,0", "hal.sim.line", "tone:440"));
        Listener listener = new Listener();
        try (Hardware hardware = new ConfiguredHardware().open(config)) {
            assertEquals(new CaptureLayout(2, 1, 2), hardware.audio().capture());
            assertTrue(hardware.audio().description().contains("input sim (line 1, sense 2 of 2 channels; zone "
                    + "gains 1,0, others 1.0; sense delay 40 ms; band 300-5000 Hz; noise -60 dBFS; line tone 440 Hz)"),
                    hardware.audio().description());
            hardware.relays().set("amp", true);
            hardware.relays().set("zone1", true);
            hardware.audio().start(listener);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (listener.frames < Listener.KEPT && System.nanoTime() < deadline) {
                Thread.sleep(10); // poll interval of a condition with a deadline
            }
        }
        assertEquals(Listener.KEPT, listener.frames, "frames heard");
        assertEquals(440, Spectrum.strongest(listener.line, 0, Listener.KEPT, 48_000, 100, 5000), 1, "line tone");
        assertEquals(0.5, Spectrum.amplitude(listener.sense, 4800, Listener.KEPT - 4800, 1000, 48_000), 0.03,
                "zone 1 (gain 1) sounding: the sense hears the output's 1 kHz");
    }

    /** Plays 1 kHz at 0.5 and keeps the first half second of line and sense it is handed. */
    private static final class Listener implements AudioRenderer {
        static final int KEPT = 24_000;
        final float[] line = new float[KEPT];
        final float[] sense = new float[KEPT];
        volatile int frames;
        private long n;

        @Override
        public void render(float[] buffer, int count) {
            java.util.Arrays.fill(buffer, 0f); // outputs call the other one
        }

        @Override
        public void render(float[] buffer, int count, Capture input) {
            int keep = Math.min(count, KEPT - frames);
            System.arraycopy(input.line(), 0, line, frames, keep);
            System.arraycopy(input.sense(), 0, sense, frames, keep);
            for (int i = 0; i < count; i++, n++) {
                buffer[2 * i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * n / 48_000));
                buffer[2 * i + 1] = buffer[2 * i];
            }
            frames += keep;
        }
    }
}

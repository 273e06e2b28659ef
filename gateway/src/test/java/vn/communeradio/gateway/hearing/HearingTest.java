package vn.communeradio.gateway.hearing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.audio.SenseTap;
import vn.communeradio.gateway.audio.Voice;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.station.ConfiguredHardware;
import vn.communeradio.gateway.station.Hardware;
import vn.communeradio.hal.audio.AudioRenderer;
import vn.communeradio.hal.audio.Capture;

/**
 * The tap and the hearing thread on a simulated station (null output paced in real time, the simulated sense
 * microphone hearing the zones whose relays are on): a programme played through a live zone is heard, with the
 * path's delay; through a dead zone it is not; and the callback with the tap allocates nothing.
 */
class HearingTest {

    private static final HearingSettings SETTINGS = new HearingSettings(-50, 0.5);
    private static final int SECONDS = 6;

    @Test
    void aProgrammeThroughALiveZoneIsHeardWithThePathsDelayAndTheCallbackAllocatesNothing() throws Exception {
        Run run = play("1,0", "zone1", 120);
        Heard heard = run.heard;
        System.out.println("through a live zone, 120 ms sim delay: " + heard);
        assertTrue(heard.ok(), heard.toString());
        assertTrue(heard.match() > 0.8, heard.toString());
        assertNotNull(heard.delayMs(), heard.toString());
        assertEquals(120, heard.delayMs(), 10, heard.toString());
        assertTrue(heard.levelDb() > -30 && heard.levelDb() < -15, heard.toString());
        assertEquals(0, run.dropped, "frames the tap dropped");
        System.out.printf("render thread with the tap on: %d bytes allocated in %d periods%n", run.allocated,
                run.periods);
        assertTrue(run.periods > 80, run.periods + " periods measured");
        assertEquals(0, run.allocated, "bytes allocated on the render thread with the tap on");
    }

    @Test
    void aSessionDuringWhichTheSenseInputWasConnectedToNothingIsNotJudged() {
        java.util.concurrent.atomic.AtomicBoolean connected = new java.util.concurrent.atomic.AtomicBoolean(true);
        SensePort port = new SensePort("radio:in_2", "connect it", connected::get);
        try (Hearing hearing = new Hearing(new SenseTap(48_000), port, () -> 48_000, SETTINGS)) {
            Hearing.Listening before = hearing.listen();
            assertNotNull(hearing.conclude(before), "connected throughout: judged (here: not heard)");

            Hearing.Listening during = hearing.listen();
            connected.set(false); // jack_disconnect, or a source port that went away
            assertEquals(null, hearing.sofar(during), "its silence says nothing of the speakers");
            connected.set(true);
            assertEquals(null, hearing.conclude(during), "unconnected for a while is unconnected for the session");
            assertTrue(hearing.unconnected(during));
            assertNotNull(hearing.conclude(hearing.listen()), "the next session is judged again");
        }
    }

    @Test
    void aProgrammeThroughADeadZoneIsNotHeard() throws Exception {
        Heard heard = play("1,0", "zone2", 120).heard;
        System.out.println("through a dead zone: " + heard);
        assertFalse(heard.ok(), heard.toString());
        assertTrue(heard.levelDb() < -55, heard.toString());
    }

    private record Run(Heard heard, long allocated, long periods, long dropped) {
    }

    private static Run play(String gains, String zone, int delayMs) throws Exception {
        Config config = Config.parse(Map.of("station.id", "sim-0001", "mqtt.url", "tcp://127.0.0.1:1883",
                "relay.zones", "2", "audio.period_frames", "480", "hal.audio_in", "sim", "audio.sense_channel", "2",
                "hal.sim.zone_gains", gains, "hal.sim.sense_delay_ms", String.valueOf(delayMs),
                "hal.sim.noise_db", "-60"));
        SenseTap tap = new SenseTap(48_000);
        Mixer mixer = new Mixer(2, 48_000, tap);
        Timed renderer = new Timed(mixer);
        try (Hardware hardware = new ConfiguredHardware().open(config);
             Hearing hearing = new Hearing(tap, SensePort.of(hardware.audio()), () -> 48_000, SETTINGS)) {
            hearing.start();
            hardware.relays().set("amp", true);
            hardware.relays().set(zone, true);
            hardware.audio().start(renderer);
            Hearing.Listening listening = hearing.listen();
            mixer.play(new Looped(Programmes.speech(3, 4, 0.1)), 1f);
            Thread.sleep(2_000); // the programme plays: warm-up, before the measured interval
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long c0 = renderer.periods;
            long b0 = threads.getThreadAllocatedBytes(renderer.thread);
            Thread.sleep((SECONDS - 2) * 1_000L); // the programme plays on
            long b1 = threads.getThreadAllocatedBytes(renderer.thread);
            long periods = renderer.periods - c0;
            long t0 = System.nanoTime();
            Heard heard = hearing.conclude(listening); // on the control loop in the station: how long it holds it
            System.out.printf("conclude after %d s of programme took %.1f ms%n", SECONDS,
                    (System.nanoTime() - t0) / 1e6);
            return new Run(heard, b1 - b0, periods, hearing.droppedFrames());
        }
    }

    /** Counts the output's periods and remembers its thread; hands everything on to the mixer. */
    private static final class Timed implements AudioRenderer {
        private final Mixer mixer;
        volatile long thread;
        volatile long periods;

        Timed(Mixer mixer) {
            this.mixer = mixer;
        }

        @Override
        public void render(float[] buffer, int frames) {
            mixer.render(buffer, frames);
        }

        @Override
        public void render(float[] buffer, int frames, Capture input) {
            thread = Thread.currentThread().getId();
            mixer.render(buffer, frames, input);
            periods++;
        }
    }

    /** A programme played over and over, on every channel. */
    private static final class Looped implements Voice {
        private final float[] programme;
        private int at;
        private volatile long frames;

        Looped(float[] programme) {
            this.programme = programme;
        }

        @Override
        public void read(float[] buffer, int frames, int channels) {
            for (int f = 0; f < frames; f++) {
                float x = programme[at];
                at = (at + 1) % programme.length;
                for (int c = 0; c < channels; c++) {
                    buffer[f * channels + c] = x;
                }
            }
            this.frames += frames; // one writer
        }

        @Override
        public long programmeFrames() {
            return frames;
        }
    }
}

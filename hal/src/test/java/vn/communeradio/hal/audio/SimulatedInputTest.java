package vn.communeradio.hal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import vn.communeradio.hal.gpio.SimulatedRelays;

/**
 * The simulated input's acoustic path, driven period by period as an output's loop drives it (read, render,
 * played), with real simulated relays: which zones are heard and how loud, the delay, the horn's band, the noise,
 * and the line input's tone.
 */
class SimulatedInputTest {

    private static final int RATE = 48_000;
    private static final int PERIOD = 1024;
    private static final OutputFormat FORMAT = new OutputFormat(RATE, 2, PERIOD);

    private final SimulatedRelays relays = new SimulatedRelays(List.of("amp", "zone1", "zone2", "zone3"),
            Clock.systemUTC());

    @Test
    void aDeadZoneHearsOnlyTheNoiseAndALiveOneHearsTheProgramme() throws Exception {
        SimulatedPath path = new SimulatedPath(List.of(1.0, 0.0, 0.5), 40, 300, 5000, -60, 0);
        relays.set("amp", true);
        relays.set("zone2", true);
        Heard dead = run(path, 3, tone(1000, 0.5));
        relays.set("zone2", false);
        relays.set("zone1", true);
        Heard live = run(path, 3, tone(1000, 0.5));

        double deadTone = dead.senseAmplitude(1000);
        double liveTone = live.senseAmplitude(1000);
        System.out.printf("1 kHz at 0.5 through a dead zone: %.1f dB below the live zone's; sense RMS %.1f dBFS "
                + "(noise -60)%n", 20 * Math.log10(liveTone / deadTone), dead.senseDb());
        assertEquals(0.5, liveTone, 0.5 * 0.05, "a live zone at gain 1.0 hears the programme (1 kHz: in band)");
        assertTrue(deadTone < 1e-4, "the programme through a dead zone: " + deadTone);
        assertEquals(-60, dead.senseDb(), 0.5, "the dead zone's sense is the noise alone");
    }

    @Test
    void relaysOffHearNothingOfTheProgramme() throws Exception {
        SimulatedPath path = new SimulatedPath(List.of(), 40, 300, 5000, -120, 0);
        Heard allOff = run(path, 2, tone(1000, 0.5));
        relays.set("zone1", true);
        relays.set("zone2", true);
        Heard noAmplifier = run(path, 2, tone(1000, 0.5));
        relays.set("amp", true);
        relays.set("zone1", false);
        relays.set("zone2", false);
        Heard noZone = run(path, 2, tone(1000, 0.5));

        for (Heard heard : List.of(allOff, noAmplifier, noZone)) {
            assertTrue(heard.senseDb() < -115, "sense " + heard.senseDb() + " dBFS: only the -120 dBFS noise");
        }
    }

    @Test
    void theZonesThatAreOnAddUpEachAtItsGain() throws Exception {
        SimulatedPath path = new SimulatedPath(List.of(1.0, 0.5, 0.25), 40, 300, 5000, -90, 0);
        relays.set("amp", true);
        relays.set("zone2", true);
        relays.set("zone3", true);
        Heard heard = run(path, 3, tone(1000, 0.2));
        assertEquals(0.2 * 0.75, heard.senseAmplitude(1000), 0.2 * 0.75 * 0.05);
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 120, 500})
    void theDelayMeasuredIsTheConfiguredOne(int delayMs) throws Exception {
        SimulatedPath path = new SimulatedPath(List.of(), delayMs, 300, 5000, -60, 0);
        relays.set("amp", true);
        relays.set("zone1", true);
        int every = (int) (0.7 * RATE);
        Heard heard = run(path, 1, n -> n % every == 1000 ? 0.9 : 0); // a click every 0.7 s

        int expected = delayMs * RATE / 1000;
        int clicks = 0;
        for (int click = 1000; click + every < heard.sense.length; click += every) {
            int at = click + peakIndex(heard.sense, click, every);
            double delay = at - click;
            assertEquals(expected, delay, RATE / 2000.0, "click at " + click + ": heard " + delay + " frames later");
            clicks++;
        }
        assertTrue(clicks >= 2, clicks + " clicks");
        System.out.printf("sense delay configured %d ms: clicks heard %d frames later (%.2f ms), %d clicks%n",
                delayMs, peakIndex(heard.sense, 1000, every), peakIndex(heard.sense, 1000, every) * 1000.0 / RATE,
                clicks);
    }

    @Test
    void aDelayShorterThanAPeriodIsOnePeriod() throws Exception {
        SimulatedInput input = input(new SimulatedPath(List.of(), 5, 300, 5000, -60, 0), 1);
        input.open(FORMAT);
        assertEquals(PERIOD, input.delayFrames(), "what a period's capture holds was played in earlier periods");
    }

    @ParameterizedTest
    @CsvSource({"100, -30", "10000, -20"})
    void theHornsBandAttenuates(int hz, double atMostDb) throws Exception {
        SimulatedPath path = new SimulatedPath(List.of(), 40, 300, 5000, -90, 0);
        relays.set("amp", true);
        relays.set("zone1", true);
        double outOfBand = run(path, 1, tone(hz, 0.5)).senseAmplitude(hz);
        double inBand = run(path, 1, tone(1000, 0.5)).senseAmplitude(1000);
        double db = 20 * Math.log10(outOfBand / inBand);
        System.out.printf("horn band 300-5000 Hz: %d Hz %.1f dB against 1 kHz (1 kHz at %.2f dB of the output)%n", hz,
                db, 20 * Math.log10(inBand / 0.5));
        assertTrue(db <= atMostDb, hz + " Hz at " + db + " dB");
        assertEquals(0, 20 * Math.log10(inBand / 0.5), 0.5, "1 kHz passes");
    }

    @Test
    void theLineCarriesItsToneAtItsFrequencyOrSilence() throws Exception {
        Heard tone = run(new SimulatedPath(List.of(), 40, 300, 5000, -60, 440), 1, n -> 0);
        double hz = Spectrum.strongest(tone.line, RATE, RATE - PERIOD, RATE, 50, 5000);
        assertEquals(440, hz, 1, "line tone frequency");
        assertEquals(SimulatedPath.LINE_TONE_PEAK, Spectrum.amplitude(tone.line, RATE, RATE - PERIOD, 440, RATE),
                0.005);

        Heard silence = run(SimulatedPath.DEFAULT, 1, n -> 0);
        assertEquals(0, Spectrum.peak(silence.line, 0, silence.line.length));
    }

    @Test
    void aPathTheSampleRateCannotCarryIsAClearErrorAtOpen() {
        SimulatedInput input = input(new SimulatedPath(List.of(), 40, 3800, 5000, -60, 0), 1);
        AudioOutputException e = assertThrows(AudioOutputException.class,
                () -> input.open(new OutputFormat(8000, 2, 256)));
        assertTrue(e.getMessage().contains("low edge 3800 Hz") && e.getMessage().contains("hal.sim.sense_band"),
                e.getMessage());
        IllegalArgumentException gains = assertThrows(IllegalArgumentException.class,
                () -> input(new SimulatedPath(List.of(1.0, 1.0), 40, 300, 5000, -60, 0), 1));
        assertTrue(gains.getMessage().contains("2 zone gains for 1 zone"), gains.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SimulatedPath(List.of(-1.0), 40, 300, 5000, -60, 0));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedPath(List.of(), 40, 5000, 300, -60, 0));
    }

    // ---- helpers

    private SimulatedInput input(SimulatedPath path, int zones) {
        return new SimulatedInput(path, zones, relays.sounding(), SimulatedInput.LINE_CHANNEL,
                SimulatedInput.SENSE_CHANNEL, 7);
    }

    /** What 2 s of {@code programme} (sample n's value, both channels) sounded like at the inputs. */
    private Heard run(SimulatedPath path, int zones, IntToDoubleFunction programme) throws AudioOutputException {
        SimulatedInput input = input(path, zones);
        input.open(FORMAT);
        int periods = 2 * RATE / PERIOD;
        Capture capture = new Capture(input.layout(), PERIOD);
        float[] buffer = new float[PERIOD * 2];
        Heard heard = new Heard(new float[periods * PERIOD], new float[periods * PERIOD]);
        for (int p = 0; p < periods; p++) {
            capture.frames(PERIOD);
            assertTrue(input.read(capture, PERIOD));
            System.arraycopy(capture.line(), 0, heard.line, p * PERIOD, PERIOD);
            System.arraycopy(capture.sense(), 0, heard.sense, p * PERIOD, PERIOD);
            for (int i = 0; i < PERIOD; i++) {
                float v = (float) programme.applyAsDouble(p * PERIOD + i);
                buffer[2 * i] = v;
                buffer[2 * i + 1] = v;
            }
            input.played(buffer, PERIOD, 2);
        }
        return heard;
    }

    private static IntToDoubleFunction tone(double hz, double amplitude) {
        return n -> amplitude * Math.sin(2 * Math.PI * hz * n / RATE);
    }

    private static int peakIndex(float[] x, int from, int n) {
        int best = 0;
        for (int i = 0; i < n && from + i < x.length; i++) {
            if (Math.abs(x[from + i]) > Math.abs(x[from + best])) {
                best = i;
            }
        }
        return best;
    }

    /** The line and sense inputs over the run. */
    private record Heard(float[] line, float[] sense) {

        /** The amplitude of {@code hz} in the sense input's second second (the first holds the delay and settling). */
        double senseAmplitude(double hz) {
            return Spectrum.amplitude(sense, RATE, RATE - PERIOD, hz, RATE);
        }

        double senseDb() {
            return 20 * Math.log10(Spectrum.rms(sense, RATE, RATE - PERIOD));
        }
    }
}

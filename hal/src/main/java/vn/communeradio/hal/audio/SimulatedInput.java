package vn.communeradio.hal.audio;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A simulated input for tests, demos and development, read in the output's own loop: channel 1 is the line input
 * ({@link SimulatedPath#lineToneHz()}: a tone, or silence), channel 2 the sense input, which hears what the output
 * played through each zone whose relays are on ({@code sounding}), each at its gain, then the path's delay, a
 * horn's band limit and background noise. The renderer's capture of a period can only hold what earlier periods
 * played: the delay is at least one period.
 *
 * <p>{@link #read} and {@link #played} run on the render thread: the delay line, filters and noise generator are
 * made at {@link #open}, and this class holds no string constant (its words are {@link SimulatedPath}'s).
 */
public final class SimulatedInput implements AudioInput {

    /** The channel the simulated line input is on. */
    public static final int LINE_CHANNEL = 1;
    /** The channel the simulated sense input is on. */
    public static final int SENSE_CHANNEL = 2;
    private static final int CHANNELS = 2;
    private static final double TWO_PI = 2 * Math.PI;

    private final SimulatedPath path;
    private final CaptureLayout layout;
    private final IntPredicate sounding;
    /** Zone n's gain at [n]. */
    private final double[] gains;
    private final GaussianNoise noise;
    private float[] ring;
    private int delay;
    /** Frames played so far: the delay line's write position. */
    private long played;
    private Biquad[] band;
    private double noiseRms;
    private double phase;
    private double phaseStep;

    /**
     * @param zones        the station's speaker zones (1..zones are asked of {@code sounding})
     * @param sounding     whether zone n sounds now; asked once a period on the render thread, so lock-free
     *                     ({@code SimulatedRelays.sounding()})
     * @param lineChannel  which of this input's channels the renderer gets as the line input: {@link #LINE_CHANNEL},
     *                     or 0 for none (or {@link #SENSE_CHANNEL}, if a test wants it so)
     * @param senseChannel likewise for the sense input: {@link #SENSE_CHANNEL}, or 0 for none
     * @param seed         of the noise, which repeats from it
     */
    public SimulatedInput(SimulatedPath path, int zones, IntPredicate sounding, int lineChannel, int senseChannel,
                          long seed) {
        this.path = path;
        this.layout = new CaptureLayout(CHANNELS, lineChannel, senseChannel);
        this.sounding = sounding;
        path.requireZones(zones);
        this.gains = new double[zones + 1];
        for (int zone = 1; zone <= zones; zone++) {
            gains[zone] = path.gain(zone);
        }
        this.noise = new GaussianNoise(seed);
    }

    @Override
    public CaptureLayout layout() {
        return layout;
    }

    public SimulatedPath path() {
        return path;
    }

    @Override
    public void open(OutputFormat format) throws AudioOutputException {
        String problem = path.unusableAt(format);
        if (problem != null) {
            throw new AudioOutputException(problem);
        }
        int rate = format.sampleRate();
        delay = path.delayFrames(rate, format.periodFrames());
        ring = new float[delay + format.periodFrames()];
        played = 0;
        boolean lowPass = path.lowPassAt(rate);
        band = new Biquad[lowPass ? 4 : 2];
        band[0] = Biquad.highPass(path.bandLowHz(), rate);
        band[1] = Biquad.highPass(path.bandLowHz(), rate);
        if (lowPass) {
            band[2] = Biquad.lowPass(path.bandHighHz(), rate);
            band[3] = Biquad.lowPass(path.bandHighHz(), rate);
        }
        noiseRms = Math.pow(10, path.noiseDb() / 20);
        phase = 0;
        phaseStep = TWO_PI * path.lineToneHz() / rate;
    }

    /** The delay from rendering to hearing in frames, once opened (the configured one, at least one period). */
    public int delayFrames() {
        return delay;
    }

    @Override
    public boolean read(Capture into, int frames) {
        float[] line = into.channel(LINE_CHANNEL);
        if (phaseStep == 0) {
            Arrays.fill(line, 0, frames, 0f);
        } else {
            for (int i = 0; i < frames; i++) {
                line[i] = (float) (SimulatedPath.LINE_TONE_PEAK * Math.sin(phase));
                phase += phaseStep;
                if (phase >= TWO_PI) {
                    phase -= TWO_PI;
                }
            }
        }
        float[] sense = into.channel(SENSE_CHANNEL);
        for (int i = 0; i < frames; i++) {
            long from = played + i - delay; // before played: the delay is at least a period
            float heard = from >= 0 ? ring[(int) (from % ring.length)] : 0f;
            sense[i] = (float) (heard + noiseRms * noise.next());
        }
        return true;
    }

    @Override
    public void played(float[] buffer, int frames, int channels) {
        double gain = 0;
        for (int zone = 1; zone < gains.length; zone++) {
            if (sounding.test(zone)) {
                gain += gains[zone];
            }
        }
        for (int i = 0; i < frames; i++) {
            double mono = 0;
            for (int c = 0; c < channels; c++) {
                mono += buffer[i * channels + c];
            }
            double y = mono / channels * gain;
            for (Biquad section : band) {
                y = section.next(y);
            }
            ring[(int) ((played + i) % ring.length)] = (float) y;
        }
        played += frames;
    }

    @Override
    public void close() {
    }

    @Override
    public String description() {
        return path.describe(layout);
    }
}

package vn.communeradio.hal.audio;

import java.util.List;
import java.util.Locale;

/**
 * What the simulated input models between the output and its sense microphone, and what its line input carries:
 * a gain per speaker zone (the zones whose relays are on add up), the delay from rendering to hearing, a horn's band
 * limit (two second-order high-pass sections at {@code bandLowHz}, two low-pass at {@code bandHighHz}), white noise
 * at {@code noiseDb} dBFS RMS, and on the line a sine at {@code lineToneHz} (0 = silence).
 *
 * @param zoneGains gain of zone n at index n - 1 (1.0: the output's level; 0: a dead zone); zones past the list 1.0
 */
public record SimulatedPath(List<Double> zoneGains, int senseDelayMs, double bandLowHz, double bandHighHz,
                            double noiseDb, double lineToneHz) {

    public static final double MAX_ZONE_GAIN = 10;
    public static final int MAX_DELAY_MS = 2000;
    public static final double MIN_NOISE_DB = -150;
    /** Peak of the line input's tone: −12 dBFS, a microphone preamplifier's nominal level with headroom. */
    public static final double LINE_TONE_PEAK = 0.25;
    /** A low-pass edge at or above this fraction of the sample rate has nothing to cut: it is left out. */
    static final double MAX_EDGE_OF_RATE = 0.45;

    /** The defaults: every zone at 1.0, 40 ms, 300-5000 Hz, −60 dBFS of noise, a silent line. */
    public static final SimulatedPath DEFAULT = new SimulatedPath(List.of(), 40, 300, 5000, -60, 0);

    public SimulatedPath {
        zoneGains = List.copyOf(zoneGains);
        for (double gain : zoneGains) {
            if (!(gain >= 0 && gain <= MAX_ZONE_GAIN)) {
                throw new IllegalArgumentException("a zone gain must be 0.." + MAX_ZONE_GAIN + ", got " + gain);
            }
        }
        if (senseDelayMs < 0 || senseDelayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("sense delay must be 0.." + MAX_DELAY_MS + " ms, got " + senseDelayMs);
        }
        if (!(bandLowHz >= 1 && bandLowHz < bandHighHz)) {
            throw new IllegalArgumentException("sense band must be LOW-HIGH Hz with 1 <= LOW < HIGH, got "
                    + bandLowHz + "-" + bandHighHz);
        }
        if (!(noiseDb >= MIN_NOISE_DB && noiseDb <= 0)) {
            throw new IllegalArgumentException("noise must be " + MIN_NOISE_DB + "..0 dBFS, got " + noiseDb);
        }
        if (!(lineToneHz >= 0 && Double.isFinite(lineToneHz))) {
            throw new IllegalArgumentException("line tone must be 0 (silence) or a frequency in Hz, got "
                    + lineToneHz);
        }
    }

    /** The gain of zone {@code zone} (1-based). */
    public double gain(int zone) {
        return zone <= zoneGains.size() ? zoneGains.get(zone - 1) : 1.0;
    }

    /** Refuses gains for more zones than the station has: a list that does not fit is a configuration mistake. */
    void requireZones(int zones) {
        if (zoneGains.size() > zones) {
            throw new IllegalArgumentException(zoneGains.size() + " zone gains for " + zones + " zone"
                    + (zones == 1 ? "" : "s") + "; give one gain per zone at most");
        }
    }

    /** The delay in frames at {@code sampleRate}: never under {@code periodFrames}, as what is heard was played. */
    int delayFrames(int sampleRate, int periodFrames) {
        return Math.max(periodFrames, (int) Math.round(senseDelayMs * (double) sampleRate / 1000));
    }

    /** Whether the low-pass section has anything to cut at {@code sampleRate}. */
    boolean lowPassAt(int sampleRate) {
        return bandHighHz < MAX_EDGE_OF_RATE * sampleRate;
    }

    /** Why this path cannot run at {@code format}, in words, or null when it can. */
    String unusableAt(OutputFormat format) {
        double top = MAX_EDGE_OF_RATE * format.sampleRate();
        if (bandLowHz >= top) {
            return "simulated input: the sense band's low edge " + fmt(bandLowHz) + " Hz is above what "
                    + format.sampleRate() + " Hz sampling carries (" + fmt(top) + " Hz); lower hal.sim.sense_band";
        }
        if (lineToneHz >= format.sampleRate() / 2.0) {
            return "simulated input: a line tone of " + fmt(lineToneHz) + " Hz is above half the sample rate ("
                    + format.sampleRate() + " Hz); lower hal.sim.line";
        }
        return null;
    }

    /** For the output's description. */
    String describe(CaptureLayout layout) {
        StringBuilder gains = new StringBuilder();
        for (double gain : zoneGains) {
            gains.append(gains.length() == 0 ? "" : ",").append(fmt(gain));
        }
        return "sim (" + layout.describe() + "; zone gains " + (gains.length() == 0 ? "1.0 each" : gains
                + ", others 1.0") + "; sense delay " + senseDelayMs + " ms; band " + fmt(bandLowHz) + "-"
                + fmt(bandHighHz) + " Hz; noise " + fmt(noiseDb) + " dBFS; line "
                + (lineToneHz == 0 ? "silence" : "tone " + fmt(lineToneHz) + " Hz") + ")";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}

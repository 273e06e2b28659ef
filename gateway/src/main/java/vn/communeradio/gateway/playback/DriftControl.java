package vn.communeradio.gateway.playback;

/**
 * Keeps a live stream's buffer at its target although the sender's clock and the DAC's differ: a PI controller
 * from the smoothed buffer level to the resampler's drift factor (Snapcast's problem, solved by adaptive
 * resampling rather than dropping samples). Real clocks differ by 10^-4 or less, so the controller is gentle:
 * the proportional part ignores the last 30 ms of error (decoder chunks and network packets make the level
 * saw-toothed), and nothing moves while the buffer is starving, which is a network problem, not a clock. It still
 * holds a 1% clock error with the buffer within ~0.25 s of target.
 */
final class DriftControl {

    static final double KP = 0.05;
    static final double KI = 0.002;
    static final double DEADBAND_S = 0.03;
    static final double LIMIT = 0.02;
    /** Smoothing of the measured level. */
    static final double SMOOTHING_S = 1.0;

    private final double targetSeconds;
    private double level = Double.NaN;
    private double integral;
    private double factor = 1.0;

    DriftControl(double targetSeconds) {
        this.targetSeconds = targetSeconds;
    }

    /**
     * Takes a level measurement made {@code dtSeconds} after the previous one and returns the drift factor to
     * apply: above 1 consumes the source faster.
     */
    double update(double levelSeconds, double dtSeconds) {
        if (levelSeconds < targetSeconds / 2) {
            return factor; // starving: data is late, the clocks are not to blame
        }
        if (Double.isNaN(level)) {
            level = levelSeconds;
        } else {
            double alpha = Math.min(1.0, dtSeconds / SMOOTHING_S);
            level += alpha * (levelSeconds - level);
        }
        double error = level - targetSeconds;
        double outside = Math.abs(error) <= DEADBAND_S ? 0 : error - Math.copySign(DEADBAND_S, error);
        double proposed = KP * outside + KI * (integral + error * dtSeconds);
        // anti-windup: integrate only while the output is not pinned at its limit
        if (Math.abs(proposed) < LIMIT) {
            integral += error * dtSeconds;
        }
        factor = 1.0 + Math.max(-LIMIT, Math.min(LIMIT, KP * outside + KI * integral));
        return factor;
    }

    /** Forgets the level (after a reconnect the buffer refills from empty); keeps the learnt clock offset. */
    void restart() {
        level = Double.NaN;
    }

    double factor() {
        return factor;
    }

    double smoothedLevel() {
        return level;
    }
}

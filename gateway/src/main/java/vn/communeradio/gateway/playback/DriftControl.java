package vn.communeradio.gateway.playback;

/**
 * Keeps a live stream's buffer at its target although the sender's clock and the DAC's differ: a PI controller
 * from the smoothed buffer level to the resampler's drift factor (Snapcast's problem, solved by adaptive
 * resampling rather than dropping samples). Gains give a ~20 s settling time: slow enough that the pitch never
 * wobbles audibly, fast enough that a 1% clock error moves the buffer by ~0.1 s at most.
 */
final class DriftControl {

    /** Per second of level error: a buffer 0.1 s above target plays 1% faster. */
    static final double KP = 0.1;
    /** Per second² of accumulated error: removes the steady-state offset a constant clock error leaves. */
    static final double KI = 0.01;
    static final double LIMIT = 0.02;
    /** Smoothing of the measured level: decoder chunks and callback periods make it saw-toothed. */
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
        if (Double.isNaN(level)) {
            level = levelSeconds;
        } else {
            double alpha = Math.min(1.0, dtSeconds / SMOOTHING_S);
            level += alpha * (levelSeconds - level);
        }
        double error = level - targetSeconds;
        double proposed = KP * error + KI * (integral + error * dtSeconds);
        // anti-windup: integrate only while the output is not pinned at its limit
        if (Math.abs(proposed) < LIMIT) {
            integral += error * dtSeconds;
        }
        factor = 1.0 + Math.max(-LIMIT, Math.min(LIMIT, KP * error + KI * integral));
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

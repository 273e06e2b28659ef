package vn.communeradio.gateway.playback;

/**
 * Keeps a live stream's buffer where it started although the sender's clock and the DAC's differ: a PI
 * controller from the smoothed buffer level to the resampler's drift factor (Snapcast's problem, solved by
 * adaptive resampling rather than dropping samples).
 *
 * <p>The level is measured by the decoder thread just before each write, so it is the low point of a saw-tooth
 * whose height is the source's burst size (26 ms for MP3 frames, up to a second for Ogg pages). Rather than
 * steer that low point to the nominal target (which would bend the pitch for tens of seconds after every start
 * with bursty sources), the controller first watches for {@link #LEARN_S} seconds, then holds the level it saw:
 * only a change of level, which is what a clock difference makes, is corrected. Damping ~0.5 and a ~20 s time
 * constant: the level is smoothed over a second, so the saw-tooth moves the pitch by less than 0.1%; nothing
 * moves while the buffer is starving, which is a network problem, not a clock. A 1% clock error (100 times a
 * real one) moves the buffer by ~0.1 s at most.
 */
final class DriftControl {

    static final double KP = 0.1;
    static final double KI = 0.01;
    static final double LIMIT = 0.02;
    /** Smoothing of the measured level. */
    static final double SMOOTHING_S = 1.0;
    /** Watching time before the operating point is fixed. */
    static final double LEARN_S = 3.0;

    private double targetSeconds;
    private double level = Double.NaN;
    private double watched;
    private double setpoint = Double.NaN;
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
        if (Double.isNaN(setpoint)) {
            watched += dtSeconds;
            if (watched < LEARN_S) {
                return factor; // the learnt clock offset (integral) keeps applying meanwhile
            }
            setpoint = Math.max(targetSeconds / 2, Math.min(targetSeconds * 1.5, level));
        }
        double error = level - setpoint;
        double proposed = KP * error + KI * (integral + error * dtSeconds);
        // anti-windup: integrate only while the output is not pinned at its limit
        if (Math.abs(proposed) < LIMIT) {
            integral += error * dtSeconds;
        }
        factor = 1.0 + Math.max(-LIMIT, Math.min(LIMIT, KP * error + KI * integral));
        return factor;
    }

    /** A new target (the buffer grew after an underrun): the level is learnt again around it. */
    void retarget(double seconds) {
        targetSeconds = seconds;
        restart();
    }

    /** The level being held, seconds; NaN while still watching. */
    double setpoint() {
        return setpoint;
    }

    /**
     * Forgets the level and the operating point (after an underrun the buffer refills from empty); keeps the learnt
     * clock offset.
     */
    void restart() {
        level = Double.NaN;
        setpoint = Double.NaN;
        watched = 0;
    }
}

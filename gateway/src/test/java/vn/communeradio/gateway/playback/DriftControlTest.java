package vn.communeradio.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftControlTest {

    /**
     * A sender whose clock runs {@code senderSpeed} against the DAC, with decoder chunks and callback periods
     * making the measured level saw-toothed and noisy: the buffer must settle at its target, and the drift factor
     * at the clock ratio.
     */
    private static double[] simulate(double senderSpeed, double seconds) {
        DriftControl control = new DriftControl(0.5);
        Random random = new Random(7);
        double level = 0.5;
        double dt = 0.024; // one MP3 frame at 48 kHz
        double worst = 0;
        double factor = 1;
        for (double t = 0; t < seconds; t += dt) {
            level += dt * (senderSpeed / factor - 1);
            double measured = level + (random.nextDouble() - 0.5) * 0.05;
            factor = control.update(measured, dt);
            if (t > seconds / 3) {
                worst = Math.max(worst, Math.abs(level - control.setpoint()));
            }
        }
        assertEquals(0.5, control.setpoint(), 0.08, "held near where it started: 5 s of 1% drift is 50 ms");
        return new double[] {level, factor, worst};
    }

    @Test
    void aSenderOnePercentFastIsHeldAtTarget() {
        double[] r = simulate(1.01, 600);
        assertEquals(1.01, r[1], 0.002, "factor settles at the clock ratio");
        assertTrue(r[2] < 0.05, "buffer within 50 ms of its operating point after settling, was off by " + r[2]);
    }

    @Test
    void aSenderOnePercentSlowIsHeldAtTarget() {
        double[] r = simulate(0.99, 600);
        assertEquals(0.99, r[1], 0.002);
        assertTrue(r[2] < 0.05, "off by " + r[2]);
    }

    @Test
    void theExcursionBeforeSettlingStaysWellInsideTheBuffer() {
        DriftControl control = new DriftControl(0.5);
        double level = 0.5;
        double factor = 1;
        double worst = 0;
        for (double t = 0; t < 120; t += 0.02) {
            level += 0.02 * (1.01 / factor - 1);
            factor = control.update(level, 0.02);
            worst = Math.max(worst, Math.abs(level - 0.5));
        }
        assertTrue(worst < 0.3, "a 1% clock error moved the buffer by " + worst + " s");
    }

    @Test
    void levelNoiseInsideTheDeadbandAndStarvationLeaveThePitchAlone() {
        DriftControl control = new DriftControl(0.5);
        Random random = new Random(3);
        double factor = 1;
        for (int i = 0; i < 500; i++) {
            factor = control.update(0.5 + (random.nextDouble() - 0.5) * 0.04, 0.024);
        }
        assertEquals(1.0, factor, 1e-3, "jitter is not drift (0.1% is under 2 cents)");
        for (int i = 0; i < 500; i++) {
            factor = control.update(0.1, 0.024); // a network stall drains the buffer
        }
        assertEquals(1.0, factor, 1e-3, "a starving buffer is not a clock error");
    }

    @Test
    void aBurstySourceStartingBelowTargetKeepsItsPitch() {
        // Ogg pages every 200 ms: the low point the decoder thread sees sits ~200 ms under the level at start
        DriftControl control = new DriftControl(0.5);
        double factor = 1;
        for (double t = 0; t < 60; t += 0.2) {
            factor = control.update(0.3, 0.2);
        }
        assertEquals(1.0, factor, 1e-9, "no clock error, no pitch change");
        assertEquals(0.3, control.setpoint(), 1e-9);
    }

    @Test
    void theCorrectionIsBoundedSoPitchNeverRunsAway() {
        DriftControl control = new DriftControl(0.5);
        double factor = control.update(10.0, 1.0);
        for (int i = 0; i < 1000; i++) {
            factor = control.update(10.0, 1.0);
        }
        assertEquals(1 + DriftControl.LIMIT, factor, 1e-9);
        factor = control.update(0.5, 1.0);
        assertTrue(factor <= 1 + DriftControl.LIMIT, "no wind-up past the limit");
    }
}

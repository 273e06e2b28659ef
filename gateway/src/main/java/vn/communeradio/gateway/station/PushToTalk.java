package vn.communeradio.gateway.station;

import java.util.function.LongSupplier;
import vn.communeradio.gateway.control.Announcements;
import vn.communeradio.hal.gpio.DigitalInputs;

/**
 * Push-to-talk ({@code announce.input}), polled on the control loop: while the input is active the line input is on
 * air as a local announcement; releasing it ends the announcement. Polled often (a speaker presses, then talks), one
 * input only, which also rides out a switch's contact bounce.
 */
final class PushToTalk implements Runnable {

    private final DigitalInputs inputs;
    private final String input;
    private final Announcements announcements;
    private final LongSupplier clockMillis;
    private boolean pressed;

    PushToTalk(DigitalInputs inputs, String input, Announcements announcements, LongSupplier clockMillis) {
        this.inputs = inputs;
        this.input = input;
        this.announcements = announcements;
        this.clockMillis = clockMillis;
    }

    /** One look, on the control loop. */
    @Override
    public void run() {
        boolean active = Boolean.TRUE.equals(inputs.read().get(input));
        if (active == pressed) {
            return;
        }
        pressed = active;
        String by = "push-to-talk (input " + input + ")";
        if (active) {
            announcements.start(announcements.newId(clockMillis.getAsLong()), null, by);
        } else {
            announcements.stop(by);
        }
    }
}

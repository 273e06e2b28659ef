package vn.communeradio.hal.gpio;

import java.util.Objects;

/**
 * One GPIO line wired to a relay or an input: its channel name, its BCM line number and its polarity.
 *
 * @param name      channel name, e.g. {@code amp}, {@code zone1}, {@code mains}
 * @param address   BCM GPIO line number on the board's gpiochip
 * @param activeLow true when "on" / "active" is the LOW level (relay boards with optocouplers often are)
 */
public record GpioPin(String name, int address, boolean activeLow) {

    public GpioPin {
        Objects.requireNonNull(name, "name");
        if (address < 0) {
            throw new IllegalArgumentException("GPIO address must be >= 0, got " + address);
        }
    }
}

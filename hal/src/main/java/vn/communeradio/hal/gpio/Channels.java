package vn.communeradio.hal.gpio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks of a channel list shared by every GPIO implementation. */
final class Channels {

    private Channels() {
    }

    /** Channel names in order, refusing duplicates of names or lines. */
    static List<String> names(List<GpioPin> pins) {
        Set<String> names = new LinkedHashSet<>();
        Set<Integer> lines = new LinkedHashSet<>();
        for (GpioPin pin : pins) {
            if (!names.add(pin.name())) {
                throw new IllegalArgumentException("GPIO channel '" + pin.name() + "' is configured twice");
            }
            if (!lines.add(pin.address())) {
                throw new IllegalArgumentException("GPIO line " + pin.address() + " is used by two channels");
            }
        }
        return List.copyOf(new ArrayList<>(names));
    }

    static IllegalArgumentException unknown(String channel, List<String> known) {
        return new IllegalArgumentException("no relay channel '" + channel + "' (configured: " + String.join(", ", known) + ")");
    }
}

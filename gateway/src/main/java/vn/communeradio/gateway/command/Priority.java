package vn.communeradio.gateway.command;

import java.util.Locale;

/** Bulletin priority, lowest first, so that {@code compareTo} orders them (Circular 39/2020 levels plus low). */
public enum Priority {
    LOW, NORMAL, HIGH, EMERGENCY;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The word on the wire. */
    public String wire() {
        return wire;
    }

    /** True when this priority is above {@code other}. */
    public boolean above(Priority other) {
        return compareTo(other) > 0;
    }

    /** The priority with this wire name, or null when there is none. */
    public static Priority fromWire(String word) {
        for (Priority p : values()) {
            if (p.wire.equals(word)) {
                return p;
            }
        }
        return null;
    }
}

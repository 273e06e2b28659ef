package vn.communeradio.gateway.command;

import java.util.Locale;

/** How a source is played: as it arrives ({@code stream}) or fetched whole and cached first ({@code file}). */
public enum PlayMode {
    STREAM, FILE;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The word on the wire. */
    public String wire() {
        return wire;
    }

    /** The mode with this wire name, or null when there is none. */
    public static PlayMode fromWire(String word) {
        return "stream".equals(word) ? STREAM : "file".equals(word) ? FILE : null;
    }
}

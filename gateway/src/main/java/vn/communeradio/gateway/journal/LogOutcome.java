package vn.communeradio.gateway.journal;

import java.util.Locale;

/** How a session ended, as its log record's {@code outcome} says (PROTOCOL.md "Log records"). */
public enum LogOutcome {
    FINISHED, STOPPED, PREEMPTED, FAILED, INTERRUPTED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The word on the wire. */
    public String wire() {
        return wire;
    }
}

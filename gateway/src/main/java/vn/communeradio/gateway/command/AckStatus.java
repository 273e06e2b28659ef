package vn.communeradio.gateway.command;

import java.util.Locale;

/** The {@code status} of an ack (PROTOCOL.md, Acks). */
public enum AckStatus {
    ACCEPTED, REJECTED, STARTED, FINISHED, FAILED, PREEMPTED, STOPPED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The word on the wire. */
    public String wire() {
        return wire;
    }
}

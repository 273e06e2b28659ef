package vn.communeradio.gateway.command;

import java.util.Locale;

/**
 * The stable machine-readable {@code code} of a rejected or failed command (PROTOCOL.md, Acks): the sender's
 * fault, the source's, or ({@link #INTERNAL}) the station's own; the last three are extensions of {@code update}
 * (docs/protocol.md).
 */
public enum RejectCode {
    BAD_SIGNATURE, UNKNOWN_KEY, EXPIRED, NOT_YET_VALID, REPLAY, WRONG_TARGET, RETAINED, FORBIDDEN, MALFORMED,
    UNSUPPORTED, TOO_LARGE, RATE_LIMITED, SOURCE_UNREACHABLE, DECODE_ERROR,
    /** The station's own failure (a disk that cannot be written, a bug), never the command's: sending it again may work. */
    INTERNAL,
    DOWNGRADE, CHECKSUM_MISMATCH, ROLLED_BACK;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The word on the wire. */
    public String wire() {
        return wire;
    }
}

package vn.communeradio.gateway.command;

import java.time.Instant;

/**
 * Judges a verified command's {@code iat} and {@code exp}.
 * <ul>
 * <li>With a <b>synchronised</b> clock (NTP, or {@code clock.sync_marker = always}): {@code iat} at most the
 * skew ahead of now ({@code not_yet_valid}), {@code exp} + skew not passed ({@code expired}).</li>
 * <li>With an <b>unsynchronised</b> clock the station's time may be behind (no RTC, NTP not reached yet): an
 * {@code iat} ahead of it is accepted, and {@code exp} is judged by the later of the station's time and what the
 * <em>same key's</em> newer commands have shown of its sender's clock ({@link SenderClocks}). One sender's clock,
 * however wrong, never moves the time by which another sender's commands are judged.</li>
 * </ul>
 * Thread-safe.
 */
public final class CommandTimes {

    /**
     * The verdict on one command's times.
     *
     * @param code   null when the command is within its time, else {@code not_yet_valid} or {@code expired}
     * @param reason for people, with {@code code}
     * @param aheadS how far the {@code iat} is ahead of the station's unsynchronised clock, when that is more than
     *               the skew; 0 otherwise (the sender learns it from its ack; {@code start_at} is read on its clock)
     */
    public record Judgement(RejectCode code, String reason, long aheadS) {
        public boolean ok() {
            return code == null;
        }
    }

    private final StationClock clock;
    private final SenderClocks senders;
    private final int skewSeconds;

    /** @param skewSeconds config {@code security.clock_skew_s} */
    public CommandTimes(StationClock clock, SenderClocks senders, int skewSeconds) {
        this.clock = clock;
        this.senders = senders;
        this.skewSeconds = skewSeconds;
    }

    /** Judges a command of key {@code kid} whose signature verified; while unsynchronised its iat becomes evidence. */
    public Judgement judge(String kid, long iat, long exp) {
        if (checkpoint()) {
            long now = clock.now();
            if (iat > now + skewSeconds) {
                return refused(RejectCode.NOT_YET_VALID, "the command is issued at " + Instant.ofEpochSecond(iat)
                        + ", " + (iat - now) + " s ahead of this station's synchronised clock (allowed skew "
                        + skewSeconds + " s, security.clock_skew_s); check the sender's clock");
            }
            if (exp + skewSeconds < now) {
                return refused(RejectCode.EXPIRED, "the command expired at " + Instant.ofEpochSecond(exp) + ", "
                        + (now - exp) + " s ago by this station's clock (synchronised, allowed skew " + skewSeconds
                        + " s)");
            }
            return new Judgement(null, null, 0);
        }
        long stationNow = clock.now();
        long senderNow = senders.now(kid, stationNow);
        if (exp + skewSeconds < senderNow) {
            String by = senderNow > stationNow
                    ? "by the clock of key " + Ids.quote(kid) + "'s sender, as its newer commands have shown (this "
                    + "station's clock is not synchronised and is " + (senderNow - stationNow) + " s behind it)"
                    : "by this station's clock (not synchronised)";
            return refused(RejectCode.EXPIRED, "the command expired at " + Instant.ofEpochSecond(exp) + ", "
                    + (senderNow - exp) + " s ago " + by + ", allowed skew " + skewSeconds + " s");
        }
        senders.observe(kid, iat);
        return new Judgement(null, null, iat - stationNow > skewSeconds ? iat - stationNow : 0);
    }

    /**
     * While the clock is synchronised, records it as the station's time floor (written at most every ten
     * minutes) and brings back evidence of senders' clocks that ran ahead of it. Call periodically too, so the
     * floor is fresh when a power cut comes.
     *
     * @return whether the clock is synchronised
     */
    public boolean checkpoint() {
        long synchronisedNow = clock.checkpoint();
        if (synchronisedNow < 0) {
            return false;
        }
        senders.correct(synchronisedNow, skewSeconds);
        return true;
    }

    /**
     * The time by which key {@code kid}'s commands expire: the station's time, or, while the clock is not
     * synchronised, later where that key's own commands have shown a later time.
     */
    public long nowOf(String kid) {
        long stationNow = clock.now();
        return clock.synchronised() ? stationNow : senders.now(kid, stationNow);
    }

    /** Writes what is not on disk yet (at stop). */
    public void flush() {
        clock.flush();
        senders.flush();
    }

    private static Judgement refused(RejectCode code, String reason) {
        return new Judgement(code, reason, 0);
    }
}

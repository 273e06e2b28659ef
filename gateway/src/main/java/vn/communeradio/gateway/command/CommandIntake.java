package vn.communeradio.gateway.command;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Where a command message arrives, on the MQTT client's thread: verified here (cheap and bounded), then handed to
 * the control loop to run, or answered {@code rejected}. The acks of rejections are rate-limited: in a flood, an
 * ack and a log line for every refused message would amplify it (telemetry still counts them all).
 */
public final class CommandIntake {

    /** Rejection acks (and their log lines) a second, bursts of twice that. */
    public static final int REJECTION_ACKS_PER_S = 20;

    /** Runs an accepted command on the control loop; false when the loop refused it (queue full, stopping). */
    @FunctionalInterface
    public interface Executor {
        boolean execute(Envelope envelope, Command command);
    }

    private final String stationId;
    private final CommandVerifier verifier;
    private final Executor executor;
    private final Consumer<String> rejectionAcks;
    private final LongSupplier clockMillis;
    private final RateLimiter rejectionRate;

    /**
     * @param rejectionAcks publishes the ack of a rejected command (compact JSON), straight to the broker
     * @param monoNanos     the station's ticker, for the rate of rejection acks
     */
    public CommandIntake(String stationId, CommandVerifier verifier, Executor executor,
                         Consumer<String> rejectionAcks, LongSupplier clockMillis, LongSupplier monoNanos) {
        this.stationId = stationId;
        this.verifier = verifier;
        this.executor = executor;
        this.rejectionAcks = rejectionAcks;
        this.clockMillis = clockMillis;
        this.rejectionRate = new RateLimiter(REJECTION_ACKS_PER_S, monoNanos);
    }

    /** One message on a command topic ({@code target}: {@code station/ID} or {@code group/ID}); any thread. */
    public void arrived(String target, byte[] payload, boolean retained) {
        Outcome outcome = verifier.verify(payload, target, retained);
        if (outcome instanceof Outcome.Rejected rejected) {
            Rejection r = rejected.rejection();
            if (!rejectionRate.tryAcquire()) {
                return;
            }
            Logger.info("command {} on {} rejected {}: {}", r.jti(), target, r.code().wire(), r.reason());
            rejectionAcks.accept(Ack.rejected(stationId, r, clockMillis.getAsLong()));
        } else if (outcome instanceof Outcome.Accepted accepted) {
            Envelope envelope = accepted.envelope();
            if (envelope.iatAheadS() > 0) {
                Logger.info("command {} {} from key {} on {}; its iat is {} s ahead of this station's clock (not "
                        + "synchronised): the sender's clock is ahead, or this station's behind", envelope.jti(),
                        envelope.cmd(), envelope.kid(), target, envelope.iatAheadS());
            } else {
                Logger.info("command {} {} from key {} on {}", envelope.jti(), envelope.cmd(), envelope.kid(), target);
            }
            if (!executor.execute(envelope, accepted.command())) {
                rejectionAcks.accept(Ack.rejected(stationId, new Rejection(envelope.jti(), RejectCode.RATE_LIMITED,
                        "station busy: control queue full"), clockMillis.getAsLong()));
            }
        }
    }
}

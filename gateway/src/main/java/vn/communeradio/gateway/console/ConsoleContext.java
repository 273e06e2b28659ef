package vn.communeradio.gateway.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import vn.communeradio.gateway.command.TrustedKeys;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.gateway.control.StationControl;
import vn.communeradio.gateway.status.StatusReport;

/**
 * What the running station lends its console. Read-only views are snapshots other threads may read (the last
 * published state, counters); anything that acts runs on the control loop through {@link #onLoop}.
 *
 * @param state         the last published state object (PROTOCOL.md "State"), parsed
 * @param status        the station's status, the same words as the service log's status line
 * @param subscriptions the MQTT topics the station subscribes to
 * @param clockTrust    why the system clock is believed ("synchronised by NTP", "set after boot ..."), or null
 * @param restart       stops the service cleanly with the "restart" exit status (systemd starts it again)
 */
public record ConsoleContext(Config config, ControlLoop loop, StationControl control, TrustedKeys keys,
                             Supplier<Map<String, Object>> state, StatusReport status, List<String> subscriptions,
                             LongSupplier nowMillis, Supplier<String> clockTrust, ConsoleAcks acks, Runnable restart) {

    /** How long a console waits for the control loop before it says the loop does not answer. */
    static final Duration LOOP_TIMEOUT = Duration.ofSeconds(5);

    /** Runs {@code task} on the control loop and waits (this console's thread only) for its result. */
    <T> T onLoop(Supplier<T> task) throws ConsoleFailure, InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!loop.post(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                throw e;
            }
        })) {
            throw ConsoleFailure.failed("the control loop refused the request (stopping, or its queue is full)");
        }
        try {
            return result.get(LOOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ConsoleFailure.failed("the control loop did not answer within " + LOOP_TIMEOUT.toSeconds()
                    + " s (its last turn began " + loop.sinceLastTurn().toMillis() + " ms ago); see 'log'");
        } catch (ExecutionException e) {
            throw ConsoleFailure.failed("the station could not do it: " + e.getCause().getMessage() + "; see 'log'");
        }
    }
}

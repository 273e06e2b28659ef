package vn.communeradio.gateway.supervision;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * systemd's watchdog (WatchdogSec= in the unit): {@code WATCHDOG=1} every half period, from a thread of its own,
 * but only while {@link Liveness} finds the station alive. The first time it is not, it says once what is hung
 * and never pings again, so that systemd stops the service and {@code Restart=} starts it afresh.
 *
 * <p>With a fixed delay, not a fixed rate: after its thread was held up (a long GC pause, SIGSTOP) it checks once,
 * late, which {@link Liveness} does not hold against the station, instead of running the checks it missed back to
 * back.
 */
public final class SystemdWatchdog implements AutoCloseable {

    private final SystemdNotifier notifier;
    private final Liveness liveness;
    private final Duration period;
    private ScheduledExecutorService timer;
    private volatile String failure;

    public SystemdWatchdog(SystemdNotifier notifier, Liveness liveness, Duration period) {
        this.notifier = notifier;
        this.liveness = liveness;
        this.period = period;
    }

    /**
     * The ping period systemd asked for: half of {@code WATCHDOG_USEC}, as sd_watchdog_enabled(3) advises; empty
     * when the unit has no watchdog or {@code WATCHDOG_PID} names another process.
     */
    public static Optional<Duration> period(Map<String, String> environment, long pid) {
        String usec = environment.get("WATCHDOG_USEC");
        String forPid = environment.get("WATCHDOG_PID");
        if (usec == null || usec.isBlank() || (forPid != null && !forPid.strip().equals(Long.toString(pid)))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.strip());
            return micros <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(micros * 1000 / 2));
        } catch (NumberFormatException e) {
            Logger.warn("WATCHDOG_USEC '{}' is not a number of microseconds; systemd's watchdog is not pinged", usec);
            return Optional.empty();
        }
    }

    /** Pings now and then every period; returns at once. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "systemd-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        Logger.info("systemd watchdog: pinging every {} ms while the control loop and audio output are alive",
                period.toMillis());
    }

    private void tick() {
        if (failure != null) {
            return;
        }
        String problem;
        try {
            problem = liveness.check(period);
        } catch (RuntimeException e) {
            problem = "the liveness check itself failed (" + e + ")";
        }
        if (problem == null) {
            notifier.send("WATCHDOG=1");
            return;
        }
        failure = problem;
        Logger.error("{}; no more watchdog pings, systemd will restart the service", problem);
        notifier.send("STATUS=hung: " + problem);
    }

    /** What made it stop pinging, or null while it pings. */
    public String failure() {
        return failure;
    }

    /** Stops pinging (an orderly stop is under way). */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}

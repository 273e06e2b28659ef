package vn.communeradio.gateway.supervision;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.control.ControlLoop;

/**
 * Watches, on the control loop, how long the broker has been out of reach, and asks for a reboot when the
 * {@link OfflineReboot} policy says so ({@code link.reboot_after_offline_s}); counts reboots in a row in the state
 * directory, so that each one without reaching the broker doubles the next wait.
 */
public final class OfflineSupervisor {

    private OfflineSupervisor() {
    }

    /**
     * Starts the checks on {@code loop} (its thread only); {@code reboot} gets the reason once, when the station
     * should stop with the status that reboots the board.
     *
     * @param offlineFor  how long the broker has been out of reach (zero while connected)
     * @param emergencyOn an emergency plays or waits: no reboot then
     */
    public static void start(ControlLoop loop, Duration after, List<Path> routeTables, Path stateDir,
                             Supplier<Duration> offlineFor, BooleanSupplier emergencyOn, Consumer<String> reboot) {
        RouteTable routes = new RouteTable(routeTables);
        RebootCount rebootsInARow = RebootCount.open(stateDir);
        OfflineReboot policy = new OfflineReboot(after, rebootsInARow.value(), routes::defaultRoute,
                routes.files().toString());
        if (rebootsInARow.value() > 0) {
            Logger.warn("the last {} run(s) ended in an offline reboot without reaching the broker; the next one "
                    + "waits {} min", rebootsInARow.value(), policy.after().toMinutes());
        }
        ControlLoop.Timer[] timer = new ControlLoop.Timer[1];
        timer[0] = loop.every(policy.checkInterval(), () -> {
            Duration offline = offlineFor.get();
            if (offline.isZero()) {
                rebootsInARow.reset();
            }
            String reason = policy.check(offline, emergencyOn.getAsBoolean());
            if (reason != null) {
                timer[0].cancel();
                rebootsInARow.increment();
                Logger.error("{}; stopping with status 75 so that the board reboots "
                        + "(link.reboot_after_offline_s = {} s, {} in a row)", reason, after.toSeconds(),
                        rebootsInARow.value());
                reboot.accept(reason);
            }
        });
    }
}

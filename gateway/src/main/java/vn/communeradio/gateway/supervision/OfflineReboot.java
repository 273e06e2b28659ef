package vn.communeradio.gateway.supervision;

import java.time.Duration;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Kura's last resort on 4G, where a wedged modem is the usual cause of a long silence: when the broker has been
 * unreachable for {@code after} and the board has no default route, it is time to reboot the board. A broker
 * that is down while the network is up reboots nothing (a province-wide outage must not reboot every station),
 * nor does anything while an emergency is on: it waits until the emergency ends. Each reboot in a row without
 * reaching the broker doubles the next wait, up to a day (or {@code after} if longer): a station whose SIM card
 * expired reboots a handful of times, then once a day. Called from the control loop.
 */
public final class OfflineReboot {

    /** Doublings of the wait: 30 min becomes at most 16 h. */
    static final int MAX_DOUBLINGS = 5;
    static final Duration LONGEST = Duration.ofDays(1);

    private final Duration after;
    private final Supplier<RouteTable.Answer> routes;
    private final String routeSource;
    private String reported;

    /**
     * @param after         the configured wait, before any reboot in a row
     * @param rebootsInARow offline reboots asked for since the broker was last reached
     * @param routes        what the route tables say now
     * @param routeSource   where they are read, for the log
     */
    public OfflineReboot(Duration after, int rebootsInARow, Supplier<RouteTable.Answer> routes, String routeSource) {
        Duration longer = after.multipliedBy(1L << Math.min(MAX_DOUBLINGS, Math.max(0, rebootsInARow)));
        Duration cap = after.compareTo(LONGEST) > 0 ? after : LONGEST;
        this.after = longer.compareTo(cap) > 0 ? cap : longer;
        this.routes = routes;
        this.routeSource = routeSource;
    }

    /** The wait this time. */
    public Duration after() {
        return after;
    }

    /** How often to call {@link #check}: a tenth of the delay, between 1 and 30 s. */
    public Duration checkInterval() {
        long millis = Math.max(1_000, Math.min(30_000, after.toMillis() / 10));
        return Duration.ofMillis(millis);
    }

    /**
     * The reason to reboot now, in words for the log, or null.
     *
     * @param offline how long the broker has been out of reach (zero while connected)
     */
    public String check(Duration offline, boolean emergencyOn) {
        if (offline.compareTo(after) < 0) {
            reported = null;
            return null;
        }
        String minutes = offline.toMinutes() > 0 ? offline.toMinutes() + " min" : offline.toSeconds() + " s";
        RouteTable.Answer route = routes.get();
        if (route != RouteTable.Answer.NO_ROUTE) {
            once(route.name(), route == RouteTable.Answer.ROUTE
                    ? "MQTT broker unreachable for " + minutes + " but the board has a default route: not rebooting "
                            + "(the broker or the way to it is down, not this board's network)"
                    : "MQTT broker unreachable for " + minutes + " and no route table readable (" + routeSource
                            + "): not rebooting");
            return null;
        }
        if (emergencyOn) {
            once("emergency", "MQTT broker unreachable for " + minutes + " and no default route, but an emergency "
                    + "is on: the reboot waits until it ends");
            return null;
        }
        return "MQTT broker unreachable for " + minutes + " and no default route (" + routeSource
                + "): a wedged modem or a dead network link; a reboot resets them";
    }

    /** Logs a reason for not rebooting once per offline spell and kind of reason. */
    private void once(String kind, String message) {
        if (!kind.equals(reported)) {
            Logger.warn(message);
            reported = kind;
        }
    }
}

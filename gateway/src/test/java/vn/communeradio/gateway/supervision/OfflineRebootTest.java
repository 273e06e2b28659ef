package vn.communeradio.gateway.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reboot decision for offline times and route tables the test sets. */
class OfflineRebootTest {

    private static final Duration AFTER = Duration.ofMinutes(30);

    private final AtomicReference<RouteTable.Answer> route = new AtomicReference<>(RouteTable.Answer.NO_ROUTE);
    private final OfflineReboot policy = new OfflineReboot(AFTER, 0, route::get, "[/proc/net/route]");

    @Test
    void offlineForTheDelayWithNoRouteReboots() {
        assertNull(policy.check(Duration.ZERO, false), "connected");
        assertNull(policy.check(AFTER.minusSeconds(1), false), "not yet");
        String reason = policy.check(AFTER, false);
        assertNotNull(reason);
        assertTrue(reason.contains("unreachable for 30 min and no default route ([/proc/net/route])"), reason);
    }

    @Test
    void aBoardWithARouteOrUnknownRoutesIsNotRebooted() {
        Duration offline = AFTER.multipliedBy(3);
        route.set(RouteTable.Answer.ROUTE);
        assertNull(policy.check(offline, false), "the broker is down, not the board's network");
        route.set(RouteTable.Answer.UNKNOWN);
        assertNull(policy.check(offline, false), "nobody may conclude the board is cut off");
        route.set(RouteTable.Answer.NO_ROUTE);
        assertNotNull(policy.check(offline, false));
    }

    @Test
    void anEmergencyDelaysTheRebootUntilItEnds() {
        assertNull(policy.check(AFTER.plusMinutes(5), true));
        assertNull(policy.check(AFTER.plusHours(2), true));
        assertNotNull(policy.check(AFTER.plusHours(2), false), "the emergency ended");
    }

    @Test
    void eachRebootInARowDoublesTheWaitUpToADay() {
        assertEquals(Duration.ofMinutes(60), new OfflineReboot(AFTER, 1, route::get, "").after());
        assertEquals(Duration.ofHours(16), new OfflineReboot(AFTER, 5, route::get, "").after());
        assertEquals(Duration.ofHours(16), new OfflineReboot(AFTER, 40, route::get, "").after());
        assertEquals(Duration.ofDays(1), new OfflineReboot(Duration.ofHours(2), 5, route::get, "").after(),
                "64 h capped at a day");
        assertEquals(Duration.ofDays(3), new OfflineReboot(Duration.ofDays(3), 2, route::get, "").after(),
                "a configured wait beyond a day is kept as it is");
        OfflineReboot third = new OfflineReboot(AFTER, 2, route::get, "");
        assertNull(third.check(Duration.ofMinutes(119), false));
        assertNotNull(third.check(Duration.ofMinutes(120), false));
    }

    @Test
    void theCountSurvivesInTheStateDirectoryAndResets(@TempDir Path dir) throws Exception {
        assertEquals(0, RebootCount.open(dir).value(), "none yet");
        RebootCount count = RebootCount.open(dir);
        count.increment();
        count.increment();
        assertEquals(2, RebootCount.open(dir).value(), "after the reboot");
        count.reset();
        assertEquals(0, RebootCount.open(dir).value());
        Files.writeString(dir.resolve(RebootCount.FILE), "garbage");
        assertEquals(0, RebootCount.open(dir).value(), "a damaged file counts as none");
    }

    @Test
    void checksAreFrequentEnoughButNotBusy() {
        assertEquals(Duration.ofSeconds(30), policy.checkInterval());
        assertEquals(Duration.ofSeconds(1), new OfflineReboot(Duration.ofSeconds(5), 0, route::get, "").checkInterval());
    }
}

package vn.communeradio.gateway.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ping period read from systemd's environment, as sd_watchdog_enabled(3) reads it. */
class WatchdogPeriodTest {

    @Test
    void pingsEveryHalfWatchdogUsec() {
        assertEquals(Optional.of(Duration.ofSeconds(15)),
                SystemdWatchdog.period(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(Optional.of(Duration.ofSeconds(15)),
                SystemdWatchdog.period(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42));
    }

    @Test
    void noWatchdogForAnotherProcessOrWithoutAUsableValue() {
        assertEquals(Optional.empty(), SystemdWatchdog.period(Map.of(), 42));
        assertEquals(Optional.empty(),
                SystemdWatchdog.period(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42));
        assertEquals(Optional.empty(), SystemdWatchdog.period(Map.of("WATCHDOG_USEC", "0"), 42));
        assertEquals(Optional.empty(), SystemdWatchdog.period(Map.of("WATCHDOG_USEC", "soon"), 42));
    }
}

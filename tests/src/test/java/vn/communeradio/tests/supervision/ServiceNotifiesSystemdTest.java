package vn.communeradio.tests.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.NotifySocket;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * The packaged service under a Type=notify, WatchdogSec= unit, as systemd runs it: the test is systemd's side of
 * NOTIFY_SOCKET and receives READY=1 once the station is up, WATCHDOG=1 every half WATCHDOG_USEC, STOPPING=1 on
 * SIGTERM.
 */
class ServiceNotifiesSystemdTest {

    /** WatchdogSec=1: pings every 500 ms; systemd would kill the service after 1 s without one. */
    private static final long WATCHDOG_USEC = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void readyAfterStartPingsWhileRunningStoppingOnSigterm() throws Exception {
        try (ControlRoom room = ControlRoom.start(dir);
             NotifySocket systemd = NotifySocket.bind(dir.resolve("notify.sock"));
             StationUnderTest station = room.station("wd-1", dir.resolve("wd-1"), "")) {
            station.start(Map.of("NOTIFY_SOCKET", systemd.name(),
                    "WATCHDOG_USEC", Long.toString(WATCHDOG_USEC)));
            // start() returned once the station said it is connected to the broker
            NotifySocket.Message ready = systemd.await("^READY=1\n", Duration.ofSeconds(10));
            assertTrue(ready.text().contains("STATUS=station wd-1 running"), ready.text());
            station.process().awaitLine("audio output null .* started", Duration.ofSeconds(5));
            int readyIndex = systemd.messages().indexOf(ready);
            assertTrue(systemd.texts().subList(0, readyIndex).stream().noneMatch(t -> t.contains("WATCHDOG")),
                    "no ping before READY: " + systemd.texts());

            // eight pings, none further apart than WatchdogSec
            int from = readyIndex + 1;
            long previous = ready.nanos();
            long widest = 0;
            for (int i = 0; i < 8; i++) {
                NotifySocket.Message ping = systemd.await("^WATCHDOG=1$", from, Duration.ofSeconds(5));
                widest = Math.max(widest, ping.nanos() - previous);
                previous = ping.nanos();
                from = systemd.messages().indexOf(ping) + 1;
            }
            assertTrue(widest < WATCHDOG_USEC * 1000, "widest gap between pings " + widest / 1_000_000 + " ms");

            assertEquals(143, station.stop(), "SIGTERM exit status");
            NotifySocket.Message stopping = systemd.await("^STOPPING=1$", from, Duration.ofSeconds(5));
            List<String> after = systemd.texts().subList(systemd.messages().indexOf(stopping) + 1,
                    systemd.texts().size());
            assertTrue(after.stream().noneMatch(t -> t.contains("WATCHDOG")), "no ping after STOPPING: " + after);
            assertTrue(station.process().stdout().contains("station wd-1 stopped; relays off"));
        }
    }
}

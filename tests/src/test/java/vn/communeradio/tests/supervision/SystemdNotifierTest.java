package vn.communeradio.tests.supervision;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.supervision.SystemdNotifier;
import vn.communeradio.tests.support.NotifySocket;

/** Notifications reach both kinds of NOTIFY_SOCKET systemd hands out; a socket that is gone costs nothing. */
class SystemdNotifierTest {

    @TempDir
    Path dir;

    private static SystemdNotifier notifier(String socket) {
        return SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket)).orElseThrow();
    }

    @Test
    void reachesAnAbstractSocket() throws Exception {
        try (NotifySocket systemd = NotifySocket.bind("@commune-radio-test-" + ProcessHandle.current().pid())) {
            assertTrue(notifier(systemd.name()).send("READY=1\nSTATUS=up"));
            systemd.await("^READY=1\nSTATUS=up$", Duration.ofSeconds(5));
        }
    }

    @Test
    void reachesASocketPath() throws Exception {
        try (NotifySocket systemd = NotifySocket.bind(dir.resolve("notify"))) {
            assertTrue(notifier(systemd.name()).send("WATCHDOG=1"));
            systemd.await("^WATCHDOG=1$", Duration.ofSeconds(5));
        }
    }

    @Test
    void aSocketThatIsGoneFailsQuietlyAndRepeatably() {
        SystemdNotifier gone = notifier(dir.resolve("nobody-listens").toString());
        assertFalse(gone.send("WATCHDOG=1"));
        assertFalse(gone.send("WATCHDOG=1"), "and again, without throwing");
    }

    @Test
    void noOrUnusableNotifySocketMeansNoNotifier() {
        assertTrue(SystemdNotifier.fromEnvironment(Map.of()).isEmpty(), "not under systemd");
        assertTrue(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "relative/path")).isEmpty());
        assertTrue(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/" + "x".repeat(200))).isEmpty(),
                "longer than sun_path");
    }
}

package vn.communeradio.tests.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.gateway.supervision.Liveness;
import vn.communeradio.gateway.supervision.SystemdNotifier;
import vn.communeradio.gateway.supervision.SystemdWatchdog;
import vn.communeradio.hal.audio.AudioRenderer;
import vn.communeradio.hal.audio.NullAudioOutput;
import vn.communeradio.hal.audio.OutputFormat;
import vn.communeradio.tests.support.NotifySocket;
import vn.communeradio.tests.support.RunsAlone;

/**
 * systemd's watchdog pings stop when the station hangs for real: a control loop whose thread is blocked, an audio
 * output whose render thread is blocked. Real control loop, real paced audio output, real datagram socket.
 */
@RunsAlone
class SystemdWatchdogTest {

    private static final Duration PERIOD = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ControlLoop loop = new ControlLoop();
    private final CountDownLatch release = new CountDownLatch(1);
    private NullAudioOutput audio;
    private SystemdWatchdog watchdog;

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        if (watchdog != null) {
            watchdog.close();
        }
        if (audio != null) {
            audio.close();
        }
        loop.stop(Duration.ofSeconds(5));
    }

    private NotifySocket startWatchdog(AudioRenderer renderer) throws Exception {
        NotifySocket socket = NotifySocket.bind(dir.resolve("notify.sock"));
        loop.start();
        audio = new NullAudioOutput(new OutputFormat(48_000, 2, 480));
        audio.start(renderer);
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.name()))
                .orElseThrow();
        watchdog = new SystemdWatchdog(notifier, Liveness.of(loop, audio), PERIOD);
        watchdog.start();
        return socket;
    }

    private static void awaitPings(NotifySocket socket, int count) throws InterruptedException {
        int from = socket.texts().size();
        for (int i = 0; i < count; i++) {
            NotifySocket.Message m = socket.await("^WATCHDOG=1$", from, WAIT);
            from = socket.messages().indexOf(m) + 1;
        }
    }

    /** After the failure report, no ping for ten periods (systemd's timer, two periods, runs out): fails at one. */
    private static void assertNoMorePings(NotifySocket socket, NotifySocket.Message failure) throws Exception {
        socket.assertNone("^WATCHDOG=1$", socket.messages().indexOf(failure) + 1, PERIOD.multipliedBy(10));
    }

    @Test
    void aBlockedControlLoopStopsThePingsAndSaysWhereItIsStuck() throws Exception {
        try (NotifySocket socket = startWatchdog(AudioRenderer.SILENCE)) {
            awaitPings(socket, 3);
            CountDownLatch blocked = new CountDownLatch(1);
            loop.post(() -> {
                blocked.countDown();
                waitForRelease();
            });
            assertTrue(blocked.await(5, TimeUnit.SECONDS));

            NotifySocket.Message failure = socket.await("^STATUS=hung: ", WAIT);
            assertTrue(failure.text().contains("the control loop has not answered")
                    && failure.text().contains("stuck in SystemdWatchdogTest.waitForRelease"), failure.text());
            assertNoMorePings(socket, failure);
            assertTrue(watchdog.failure().startsWith("the control loop"), watchdog.failure());
        }
    }

    @Test
    void aBlockedAudioRenderThreadStopsThePings() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicBoolean hang = new AtomicBoolean();
        AudioRenderer renderer = (buffer, frames) -> {
            if (hang.get()) {
                blocked.countDown();
                waitForRelease();
            }
        };
        try (NotifySocket socket = startWatchdog(renderer)) {
            awaitPings(socket, 3);
            hang.set(true);
            assertTrue(blocked.await(5, TimeUnit.SECONDS));

            NotifySocket.Message failure = socket.await("^STATUS=hung: ", WAIT);
            assertTrue(failure.text().contains("audio output null (48000 Hz, 480 frames) has rendered nothing"),
                    failure.text());
            assertNoMorePings(socket, failure);
        }
    }

    @Test
    void anAudioOutputThatIsNotRunningDoesNotCountAsHung() throws Exception {
        // e.g. JACK reconnecting after its server restarted: the output reports that itself; a restart won't help
        try (NotifySocket socket = startWatchdog(AudioRenderer.SILENCE)) {
            awaitPings(socket, 2);
            audio.close();
            awaitPings(socket, 5);
            assertEquals(null, watchdog.failure());
        }
    }

    private void waitForRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

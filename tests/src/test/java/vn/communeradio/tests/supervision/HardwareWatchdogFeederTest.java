package vn.communeradio.tests.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.supervision.HardwareWatchdogFeeder;
import vn.communeradio.hal.audio.NullAudioOutput;
import vn.communeradio.hal.audio.OutputFormat;
import vn.communeradio.hal.clock.Ticker;
import vn.communeradio.hal.watchdog.DeviceWatchdog;
import vn.communeradio.tests.support.RunsAlone;

/**
 * The hardware watchdog is kicked only while the audio output renders: a really blocked render thread stops the
 * kicks (the board would reset), and they resume when it renders again. The device is a file standing in for
 * /dev/watchdog, which records every kick.
 */
@RunsAlone
class HardwareWatchdogFeederTest {

    @TempDir
    Path dir;

    @Test
    void aBlockedAudioRenderThreadStopsTheKicksUntilItRendersAgain() throws Exception {
        Path device = Files.createFile(dir.resolve("watchdog"));
        Semaphore rendered = new Semaphore(0);
        AtomicBoolean hang = new AtomicBoolean();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NullAudioOutput audio = new NullAudioOutput(new OutputFormat(48_000, 2, 480));
        DeviceWatchdog watchdog = DeviceWatchdog.open(device);
        try {
            audio.start((buffer, frames) -> {
                rendered.release();
                if (hang.get()) {
                    blocked.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            HardwareWatchdogFeeder feeder = new HardwareWatchdogFeeder(watchdog, audio, Duration.ofSeconds(1),
                    Ticker.SYSTEM);
            feeder.run();
            awaitRender(rendered);
            feeder.run();
            assertEquals("kk", Files.readString(device), "kicked while rendering");

            hang.set(true);
            assertTrue(blocked.await(5, TimeUnit.SECONDS));
            feeder.run(); // the last look was before the hang: progress since, still kicked
            String before = Files.readString(device);
            for (int i = 0; i < 6; i++) {
                feeder.run();
            }
            assertEquals(before, Files.readString(device), "no kick while the render thread is blocked");

            hang.set(false);
            release.countDown();
            awaitRender(rendered);
            feeder.run();
            assertEquals(before + "k", Files.readString(device), "kicked again once it renders");
        } finally {
            release.countDown();
            audio.close();
            watchdog.close();
        }
    }

    private static void awaitRender(Semaphore rendered) throws InterruptedException {
        rendered.drainPermits();
        assertTrue(rendered.tryAcquire(2, 5, TimeUnit.SECONDS), "the output renders");
    }
}

package vn.communeradio.gateway.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.hal.watchdog.DeviceWatchdog;

/**
 * When the feeder calls the audio output stalled: after five seconds of the control loop's clock without a period
 * rendered, not after five looks. A loop that was late (a minute moved at once in a test, a loop held up on a board)
 * runs the looks it missed back to back, and no output renders between two of them. The output is the real null
 * output whose render calls the test lets through one at a time ({@link SteppedNullOutput}); the watchdog a file
 * that records each kick.
 */
class HardwareWatchdogFeederTest {

    static final Duration KICK = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final ControlLoop loop = ControlLoop.drivenBy(now::get);
    SteppedNullOutput output;
    final List<String> reports = new ArrayList<>();
    DeviceWatchdog watchdog;
    Path device;

    @BeforeEach
    void start() throws Exception {
        device = Files.createFile(dir.resolve("watchdog"));
        watchdog = DeviceWatchdog.open(device);
        output = SteppedNullOutput.started();
        HardwareWatchdogFeeder feeder = new HardwareWatchdogFeeder(watchdog, output.audio, KICK, loop.ticker());
        // what run() does on a station, with what it reports kept instead of logged
        loop.every(KICK, () -> {
            String stall = feeder.look();
            if (stall != null) {
                reports.add(stall);
            }
        });
    }

    @AfterEach
    void stop() {
        output.close();
        watchdog.close();
    }

    /** Moves the loop's clock on by {@code d} at once and runs what is due, as a loop late by that much does. */
    void late(Duration d) {
        now.addAndGet(d.toNanos());
        loop.runDue();
    }

    int kicks() throws Exception {
        return Files.readString(device).length();
    }

    @Test
    void looksALateLoopRunsBackToBackDoNotCallARenderingOutputStalled() throws Exception {
        late(KICK);
        output.renderOnePeriod();
        late(KICK);
        assertEquals(2, kicks(), "kicked while rendering");

        output.renderOnePeriod();
        late(Duration.ofSeconds(61));
        assertEquals(List.of(), reports, "61 looks at once, the output rendering until the loop turned");
        assertEquals(3, kicks(), "the first of them saw the output's progress; the others skip a kick");

        output.renderOnePeriod();
        late(KICK);
        assertEquals(4, kicks());
        assertEquals(List.of(), reports);
    }

    @Test
    void anOutputThatRendersNothingForFiveSecondsIsReportedOnceAndKickedAgainWhenItRenders() throws Exception {
        late(KICK);
        output.renderOnePeriod();
        late(KICK);
        for (int second = 1; second < HardwareWatchdogFeeder.REPORT_AFTER; second++) {
            late(KICK);
            assertEquals(List.of(), reports, second + " s without a period");
        }
        late(KICK);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("audio output null (48000 Hz, 480 frames) has rendered nothing for 5.0 s"),
                reports.get(0));
        late(Duration.ofSeconds(3));
        assertEquals(1, reports.size(), "said once: " + reports);
        assertEquals(2, kicks(), "no kick since the output stopped");

        output.renderOnePeriod();
        late(KICK);
        assertEquals(3, kicks(), "kicked again once it renders");
    }
}

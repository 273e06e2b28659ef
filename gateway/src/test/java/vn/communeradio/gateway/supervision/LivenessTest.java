package vn.communeradio.gateway.supervision;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.control.ControlLoop;

/**
 * When systemd's watchdog calls the station hung: a control loop that has not answered its heartbeat, an output that
 * has rendered nothing, for a period of the loop's clock in which they had the chance to. A check that comes late
 * (its thread, or the whole JVM, was held up: a long GC pause, a board swapping, SIGSTOP) and the checks a fixed-rate
 * timer then runs back to back must not blame a loop and an output that were held up with it. A driven control loop
 * (it answers when the test turns it) and the real null output that renders when the test lets it.
 */
class LivenessTest {

    /** systemd's period with the unit's WatchdogSec=30. */
    static final Duration PERIOD = Duration.ofSeconds(15);

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final ControlLoop loop = ControlLoop.drivenBy(now::get);
    SteppedNullOutput output;
    Liveness liveness;

    @BeforeEach
    void start() throws Exception {
        output = SteppedNullOutput.started();
        liveness = Liveness.of(loop, output.audio);
    }

    @AfterEach
    void stop() {
        output.close();
    }

    String check() {
        return liveness.check(PERIOD);
    }

    void after(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** The next check reports a problem that begins with {@code start}. */
    void assertChecksAndReports(String start) {
        String problem = check();
        assertTrue(problem != null && problem.startsWith(start), problem);
    }

    /** A period in which the loop answers and the output renders, then the check due at its end. */
    String alivePeriod() throws InterruptedException {
        loop.runDue();
        output.renderOnePeriod();
        after(PERIOD);
        return check();
    }

    @Test
    void checksRunBackToBackAfterAHoldUpDoNotCallALiveStationHung() throws Exception {
        assertNull(check());
        assertNull(alivePeriod());
        // the loop answered and the output rendered; then the whole JVM is held up for 61 s, and the fixed-rate
        // timer runs the 4 checks it missed back to back, microseconds apart: the loop cannot answer in between
        loop.runDue();
        output.renderOnePeriod();
        after(Duration.ofSeconds(61));
        for (int missed = 1; missed <= 4; missed++) {
            assertNull(check(), "check " + missed + " of those run as the JVM resumes");
        }

        assertNull(alivePeriod(), "on time again, both answered");
        assertNull(alivePeriod());
    }

    @Test
    void aCheckThatComesLateGivesTheLoopAndTheOutputAFairChance() throws Exception {
        assertNull(check());
        assertNull(alivePeriod());
        // held up right after that check posted its heartbeat: neither the loop nor the output ran before the JVM
        // stopped, and the late check comes as it resumes
        after(Duration.ofSeconds(61));
        assertNull(check(), "the check that comes 46 s late");

        assertNull(alivePeriod(), "on time again, both answered");
        assertNull(alivePeriod());
    }

    @Test
    void aLoopThatDoesNotAnswerForAPeriodIsReportedWithTheTimeItHasNot() throws Exception {
        assertNull(check());
        assertNull(alivePeriod());
        output.renderOnePeriod();
        after(PERIOD);
        assertChecksAndReports("the control loop has not answered for 15.0 s");
    }

    @Test
    void anOutputThatRendersNothingForAPeriodIsReportedWithTheTimeItHasNot() throws Exception {
        assertNull(check());
        assertNull(alivePeriod());
        loop.runDue();
        after(PERIOD);
        assertChecksAndReports("audio output null (48000 Hz, 480 frames) has rendered nothing for 15.0 s");
    }

    @Test
    void aHungLoopIsStillReportedWhenEveryCheckComesLate() throws Exception {
        // a supervising thread late every time (a starved board) must not keep a hung station alive for ever
        assertNull(check());
        output.renderOnePeriod();
        after(Duration.ofSeconds(40));
        assertNull(check(), "a check 25 s late gives the loop a fair chance first");
        output.renderOnePeriod();
        after(Duration.ofSeconds(40));
        assertChecksAndReports("the control loop has not answered for 80.0 s");
    }

    @Test
    void anOutputThatRendersNothingIsReportedAfterALateCheckWithTheTimeSinceItLastRendered() throws Exception {
        assertNull(check());
        assertNull(alivePeriod());
        loop.runDue();
        after(Duration.ofSeconds(40));
        assertNull(check(), "a check 25 s late gives the output a fair chance first");
        loop.runDue();
        after(PERIOD);
        assertChecksAndReports("audio output null (48000 Hz, 480 frames) has rendered nothing for 55.0 s");
    }
}

package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static vn.communeradio.gateway.command.Fixture.START;
import static vn.communeradio.gateway.command.Fixture.TARGET;
import static vn.communeradio.gateway.command.Fixture.args;
import static vn.communeradio.gateway.command.Verdicts.accepted;
import static vn.communeradio.gateway.command.Verdicts.rejected;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sender with a wrong clock must not silence the others ({@link CommandTimes}): on a station whose clock is
 * not synchronised, key "district-058" (an ordinary sender, its clock an hour fast) and key "province-alert" (an
 * emergency sender with a right clock), through the verifier with injected clocks.
 */
class CommandTimesTest {

    private static final long HOUR = 3600;
    private static final long DAY = 86_400;

    @TempDir
    Path root;
    private Fixture f;
    private CommandSigner fast;
    private CommandSigner em;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(root);
        f.synced = false; // the system clock shows the real time, but nothing vouches for it
        fast = f.districtSigner;
        em = f.emergencySigner;
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** Claims issued at {@code iat}, valid {@code lifetime} seconds. */
    private Map<String, Object> at(long iat, long lifetime, String cmd, Map<String, ?> args) {
        return CommandSigner.claims(f.nextJti(), "test", TARGET, iat, iat + lifetime, cmd, args);
    }

    private Map<String, Object> emergency(long iat) {
        return at(iat, 300, "play", args("source", "tone:1000", "priority", "emergency", "duration_s", 30L));
    }

    @Test
    void aFastSendersPingDoesNotMakeAnotherSendersEmergencyExpired() {
        Outcome.Accepted ping = accepted(f.verify(fast, at(START + HOUR, 60, "ping", null)));
        assertEquals(HOUR, ping.envelope().iatAheadS(), "the fast sender learns by how much its iat is ahead");

        Outcome.Accepted alert = accepted(f.verify(em, emergency(START)));
        assertEquals(0, alert.envelope().iatAheadS());
        accepted(f.verify(em, at(START + 1, 60, "ping", null)));
        assertEquals(START, f.clock.now(), "the station's time did not move");
    }

    @Test
    void theEvidenceOfEachSenderSurvivesARestart() {
        String alertToken = em.sign(emergency(START - 10));
        accepted(f.verify(alertToken));
        accepted(f.verify(fast, at(START + HOUR, 60, "ping", null)));
        f.restart();

        // the emergency sender is judged as if the fast one had never spoken
        accepted(f.verify(em, emergency(START)));
        // replays stay replays, whoever sent them
        rejected(f.verify(alertToken), RejectCode.REPLAY);
        // the fast sender's own older command expired by its own clock, as its newer command showed
        rejected(f.verify(fast, at(START, 300, "ping", null)), RejectCode.EXPIRED, "key 'district-058'",
                "newer commands");
        // a command long expired by the station's clock is expired for every sender
        rejected(f.verify(em, at(START - 2 * DAY, 300, "ping", null)), RejectCode.EXPIRED, "station's clock");
    }

    @Test
    void aSendersEvidenceRunsOnWithTheMonotonicClock() {
        f.systemClock.set(START - 3 * DAY); // no RTC: the board's clock is days behind
        String captured = fast.sign(at(START, 300, "ping", null));
        accepted(f.verify(fast, at(START, 300, "ping", null)));
        f.nanos.addAndGet((300 + 31) * 1_000_000_000L); // the station's own clock keeps running too
        f.systemClock.advance(300 + 31);
        // never seen, but its lifetime is over by its sender's clock: not a way to play old commands
        rejected(f.verify(captured), RejectCode.EXPIRED, "key 'district-058'");
        // the other sender has shown nothing: judged by the station's clock, days behind
        accepted(f.verify(em, at(START, 300, "ping", null)));
    }

    @Test
    void aClockBehindAcceptsCorrectlyDatedCommandsAtOnceAndReadsStartAtOnTheSendersClock() {
        f.systemClock.set(START - 2 * DAY);
        Outcome.Accepted alert = accepted(f.verify(em, emergency(START)));
        assertEquals(2 * DAY, alert.envelope().iatAheadS());
        accepted(f.verify(fast, at(START, 60, "ping", null)));
        // the control loop starts it at start_at - iatAheadS by this clock: in 60 s, not in two days
        Map<String, Object> later = at(START, 600, "play", args("source", "tone:440", "start_at", START + 60));
        Outcome.Accepted play = accepted(f.verify(fast, later));
        assertEquals(START - 2 * DAY + 60,
                ((Play) play.command()).startAt() - play.envelope().iatAheadS());
    }

    @Test
    void withinTheSkewNothingIsReported() {
        Outcome.Accepted ping = accepted(f.verify(fast, at(START + 30, 60, "ping", null)));
        assertEquals(0, ping.envelope().iatAheadS());
    }

    @Test
    void onceSynchronisedTheFastSenderIsJudgedByTheClockAndIatRulesApply() {
        accepted(f.verify(fast, at(START + HOUR, 60, "ping", null)));
        f.synced = true;
        // its clock corrected, its commands are judged by the synchronised clock again
        accepted(f.verify(fast, at(START, 300, "ping", null)));
        rejected(f.verify(fast, at(START + 31, 60, "ping", null)), RejectCode.NOT_YET_VALID, "31 s ahead");
        rejected(f.verify(em, at(START + HOUR, 60, "ping", null)), RejectCode.NOT_YET_VALID);
        // and a later loss of synchronisation (a reboot without RTC) does not bring the wrong evidence back
        f.synced = false;
        f.restart();
        accepted(f.verify(fast, at(START + 1, 300, "ping", null)));
    }

    @Test
    void theClockSteppedBackOrForwardWhileUnsynchronised() {
        f.synced = true;
        f.times.checkpoint(); // the floor: START, the last synchronised time
        f.synced = false;

        f.systemClock.set(START - DAY); // stepped back a day (an RTC battery gone flat)
        rejected(f.verify(em, at(START - DAY, 300, "ping", null)), RejectCode.EXPIRED, "station's clock");
        accepted(f.verify(em, emergency(START + 10)));

        f.systemClock.set(START + 2 * HOUR); // stepped forward (set by hand to the right time)
        Outcome.Accepted ping = accepted(f.verify(fast, at(START + 2 * HOUR, 300, "ping", null)));
        assertEquals(0, ping.envelope().iatAheadS());
        rejected(f.verify(fast, at(START, 300, "ping", null)), RejectCode.EXPIRED, "station's clock");
        f.restart();
        assertEquals(START, f.clock.floor(), "a clock set by hand does not move the persisted floor");
    }

    /** Time passes on both the wall clock and the monotonic clock. */
    private void elapse(long seconds) {
        f.systemClock.advance(seconds);
        f.nanos.addAndGet(seconds * 1_000_000_000L);
    }

    private Map<String, Object> claims(String jti, long iat, long lifetime) {
        return CommandSigner.claims(jti, "test", TARGET, iat, iat + lifetime, "play",
                args("source", "tone:1000", "priority", "normal", "duration_s", 5L));
    }

    @Test
    void aJtiReusedByAnotherKeyThenAPowerCutDoesNotLetTheFirstCommandRunTwice() {
        // district-058 sends "dup"; it is obeyed
        String first = f.districtSigner.sign(claims("dup", START, 60));
        accepted(f.verify(first));
        elapse(100);
        // any command purges "dup": district-058's horizon is START + 60, in memory only (no compaction yet)
        accepted(f.verify(f.emergencySigner, claims("e-1", START + 100, 300)));
        // another central system's jti generator happens to produce "dup" too: fresh, since it was forgotten
        accepted(f.verify(f.emergencySigner, claims("dup", START + 100, 300)));
        elapse(50);

        // power cut for two hours; the board boots with its clock behind, the station's time restarts at the floor
        powerCutAndRebootWithoutRtc(START - 86_400);
        // on load the two "dup" lines meet: province-alert's supersedes district-058's, whose horizon was never written

        // province-alert's next (correctly dated) command shows real time: its window forgets its "dup"
        accepted(f.verify(f.emergencySigner, claims("e-2", START + 2 * HOUR + 150, 300)));

        // the first command, captured, is delivered again: it must be refused (replay or expired), it is obeyed
        Outcome again = f.verify(first);
        assertInstanceOf(Outcome.Rejected.class, again, "district-058's command was obeyed a second time: " + again);
    }

    /** A power cut: no close(), so the window is not compacted; the board restarts without RTC, unsynchronised. */
    private void powerCutAndRebootWithoutRtc(long systemClockAfterBoot) {
        f.replay = null; // Fixture.start() would close (compact) it: a power cut does not
        f.synced = false;
        f.systemClock.set(systemClockAfterBoot);
        f.restart();
    }
}

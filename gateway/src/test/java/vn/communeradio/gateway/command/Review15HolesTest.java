package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static vn.communeradio.gateway.command.Fixture.START;
import static vn.communeradio.gateway.command.Fixture.TARGET;
import static vn.communeradio.gateway.command.Fixture.args;
import static vn.communeradio.gateway.command.Verdicts.accepted;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of 1fad896 (issue 15): scenarios that break "nothing forgotten can be replayed" and "one sender's clock
 * never makes another sender's correctly dated commands look expired". Each test fails on 1fad896.
 */
class Review15HolesTest {

    private static final long HOUR = 3600;

    @TempDir
    Path root;
    private Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(root);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Map<String, Object> claims(String jti, long iat, long lifetime) {
        return CommandSigner.claims(jti, "test", TARGET, iat, iat + lifetime, "play",
                args("source", "tone:1000", "priority", "normal", "duration_s", 5L));
    }

    /** Time passes on both the wall clock and the monotonic clock. */
    private void elapse(long seconds) {
        f.systemClock.advance(seconds);
        f.nanos.addAndGet(seconds * 1_000_000_000L);
    }

    /** A power cut: no close(), so the window is not compacted; the board restarts without RTC, unsynchronised. */
    private void powerCutAndRebootWithoutRtc(long systemClockAfterBoot) {
        f.replay = null; // Fixture.start() would close (compact) it: a power cut does not
        f.synced = false;
        f.systemClock.set(systemClockAfterBoot);
        f.restart();
    }

    @Test
    void aJtiReusedByAnotherKeyThenAPowerCutLetsTheFirstCommandBeObeyedTwice() {
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

    @Test
    void aFloorAheadOfASynchronisedClockNeverCatchesUp() throws Exception {
        // a clock-floor an hour ahead of the real time: written by the previous version after a fast sender's iat
        // (docs: "it stops mattering once real time passes it"), or by a synchronised clock NTP later stepped back
        Files.writeString(f.stateDir.resolve(StationClock.FILE), (START + HOUR) + "\n");
        f.restart();
        f.synced = true; // NTP synchronised, right time

        elapse(2 * HOUR); // real time is now an hour past the old floor
        f.times.checkpoint();
        // a correctly dated emergency from a sender with a right clock
        Map<String, Object> alert = CommandSigner.claims("alert-1", "test", TARGET, START + 2 * HOUR,
                START + 2 * HOUR + 300, "play", args("source", "tone:1000", "priority", "emergency", "duration_s", 30L));
        accepted(f.verify(f.emergencySigner, alert));
    }

    @Test
    void aSynchronisedClockSteppedBackLeavesEveryCommandExpiredForGood() {
        f.synced = true;
        f.systemClock.set(START + HOUR); // NTP's first answer came from a server an hour fast
        f.times.checkpoint();
        f.systemClock.set(START); // corrected by the next NTP step
        elapse(3 * HOUR); // three hours later, and across a clean restart
        f.clock.flush();
        f.restart();
        f.synced = true;
        accepted(f.verify(f.emergencySigner, CommandSigner.claims("alert-2", "test", TARGET, START + 3 * HOUR,
                START + 3 * HOUR + 300, "ping", null)));
    }

    @Test
    void aLegacyFloorAheadSilencesAnUnsynchronisedStationForGood() throws Exception {
        // the previous version moved clock-floor an hour ahead with a fast sender's iat (issue 15's own scenario);
        // the board's 4G APN blocks NTP, its system clock is right but nothing vouches for it
        Files.writeString(f.stateDir.resolve(StationClock.FILE), (START + HOUR) + "\n");
        f.synced = false;
        f.restart();
        elapse(2 * HOUR); // real time passed the old floor an hour ago
        f.clock.flush(); // a clean restart (an update) keeps the lead: floor + uptime is written
        f.restart();
        elapse(60);
        accepted(f.verify(f.emergencySigner, CommandSigner.claims("alert-3", "test", TARGET, START + 2 * HOUR + 60,
                START + 2 * HOUR + 360, "ping", null)));
    }
}

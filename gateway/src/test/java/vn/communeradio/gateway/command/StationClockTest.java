package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.gateway.command.Fixture.START;
import static vn.communeradio.gateway.command.Fixture.TARGET;
import static vn.communeradio.gateway.command.Fixture.args;
import static vn.communeradio.gateway.command.Verdicts.accepted;
import static vn.communeradio.gateway.command.Verdicts.rejected;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The station's own time ({@link StationClock}): the floor only a synchronised clock moves, alone and through the verifier. */
class StationClockTest {

    private static final long DAY = 86_400;

    @AutoClose
    private final Fixture f;

    StationClockTest(@TempDir Path root) throws IOException {
        f = new Fixture(root);
    }

    /** Claims issued at real time {@code realNow}, valid {@code lifetime} seconds. */
    private Map<String, Object> at(long realNow, long lifetime, String cmd, Map<String, ?> args) {
        return CommandSigner.claims(f.nextJti(), "ops", TARGET, realNow, realNow + lifetime, cmd, args);
    }

    @Test
    void aFailingSyncCheckCountsAsUnsynchronised() {
        StationClock clock = new StationClock(f.systemClock, f.nanos::get, () -> {
            throw new IllegalStateException("no /run");
        }, () -> true, f.stateDir);
        assertFalse(clock.synchronised());
    }

    @Test
    void effectiveNowIsTheLaterOfSystemTimeAndFloor() {
        assertEquals(START, f.clock.now());
        f.clock.checkpoint(); // synchronised: the floor follows the system clock
        f.systemClock.set(0); // a board without RTC after a power cut
        f.synced = false;
        assertEquals(START, f.clock.now());
        assertEquals(START * 1000, f.clock.nowMillis());
        f.nanos.addAndGet(5_000_000_000L); // the floor is a lower bound of real time, and so is floor + elapsed
        assertEquals(START + 5, f.clock.now());
        assertEquals(START + 5, f.clock.floor());
        f.systemClock.set(START + 100);
        assertEquals(START + 100, f.clock.now());
        assertEquals(START + 5, f.clock.floor(), "an unsynchronised system clock does not move the floor");
    }

    @Test
    void theFloorSurvivesARestartAndIsWrittenSparingly() throws Exception {
        f.clock.checkpoint();
        Path file = f.stateDir.resolve(StationClock.FILE);
        assertEquals(START, Long.parseLong(Files.readString(file).strip()));
        f.systemClock.advance(StationClock.CHECKPOINT_INTERVAL_S - 1);
        f.clock.checkpoint();
        assertEquals(START, Long.parseLong(Files.readString(file).strip()), "not rewritten within the interval");
        f.systemClock.advance(1);
        f.clock.checkpoint();
        long written = START + StationClock.CHECKPOINT_INTERVAL_S;
        assertEquals(written, Long.parseLong(Files.readString(file).strip()));
        f.clock.flush();

        f.systemClock.set(1000); // restart without network time
        f.synced = false;
        f.restart();
        assertEquals(written, f.clock.floor());
        assertEquals(written, f.clock.now());
    }

    @Test
    void unsynchronisedCheckpointsDoNotTrustTheSystemClock() {
        f.synced = false;
        f.systemClock.set(START + 10 * DAY); // a wrong clock, far ahead
        f.clock.checkpoint();
        assertEquals(0, f.clock.floor());
    }

    @Test
    void anUnsynchronisedClockDaysBehindStillObeysAFreshEmergency() throws Exception {
        long realNow = START + 3 * DAY;
        f.synced = false; // system clock still at START: three days behind
        Map<String, Object> claims = at(realNow, 300, "play", args("source", "tone:1000", "priority", "emergency",
                "duration_s", 30L));
        String token = f.emergencySigner.sign(claims);

        Outcome.Accepted a = accepted(f.verify(token));
        assertEquals(Priority.EMERGENCY, ((Play) a.command()).priority());
        assertEquals(3 * DAY, a.envelope().iatAheadS(), "the sender learns how far its iat is ahead");
        assertEquals(0, f.clock.floor(), "no command's iat moves the station's floor");
        assertEquals(START, f.clock.now());
        assertEquals("province-alert " + realNow, Files.readString(f.stateDir.resolve(SenderClocks.FILE)).strip(),
                "unsynchronised, the sender's evidence is written at once");

        // replayed, before and after a restart, it is still refused
        rejected(f.verify(token), RejectCode.REPLAY);
        f.restart();
        rejected(f.verify(token), RejectCode.REPLAY);

        // a command that expired before its own sender's newest one stays expired, though the system clock is behind
        Map<String, Object> old = at(realNow - DAY, 300, "ping", null);
        rejected(f.verify(f.emergencySigner, old), RejectCode.EXPIRED, "newer commands", "not synchronised");
        // and one issued within its lifetime before that sender's newest is still fine
        accepted(f.verify(f.emergencySigner, at(realNow - 100, 300, "ping", null)));
        // another sender is judged by its own commands, not by this one's
        accepted(f.verify(f.districtSigner, at(realNow - 100, 300, "ping", null)));
    }

    @Test
    void anExpiredCommandIsRejectedOnceItsSendersNewerCommandsPassItsExp() {
        f.synced = false;
        long realNow = START + 2 * DAY;
        String early = f.districtSigner.sign(at(realNow, 60, "ping", null)); // captured, held back
        accepted(f.verify(f.districtSigner, at(realNow + 100, 300, "ping", null))); // evidence: realNow + 100
        rejected(f.verify(early), RejectCode.EXPIRED, "expired at", "s ago", "key 'district-058'");
    }

    @Test
    void aPurgedCommandCannotBeReplayedEvenIfTheClockGoesBack() {
        String token = f.districtSigner.sign(at(START, 60, "ping", null));
        accepted(f.verify(token));
        f.systemClock.advance(60 + 31);
        accepted(f.verify(f.districtSigner, f.claims("ping", null))); // purges the first
        assertEquals(1, f.replay.size());
        // the system clock jumps back before the first command's expiry, unsynchronised, after a restart
        f.synced = false;
        f.systemClock.set(START);
        f.restart();
        rejected(f.verify(token), RejectCode.EXPIRED);
    }

    @Test
    void synchronisedTheFloorDoesNotFollowIat() {
        Map<String, Object> c = f.claims("ping", null);
        c.put("iat", START + 30); // allowed by the skew
        accepted(f.verify(f.districtSigner, c));
        assertEquals(START, f.clock.floor(), "the floor follows the synchronised clock (checkpoint), not iat");
        Map<String, Object> next = f.claims("ping", null);
        next.put("iat", START + 31);
        rejected(f.verify(f.districtSigner, next), RejectCode.NOT_YET_VALID); // no ratchet
    }

    @Test
    void forgedCommandsDoNotMoveTheFloor() {
        f.synced = false;
        CommandSigner forger = new CommandSigner("district-058", f.stranger.getPrivate());
        rejected(f.verify(forger, at(START + 100 * DAY, 300, "ping", null)), RejectCode.BAD_SIGNATURE);
        assertEquals(0, f.clock.floor());
        assertEquals(START, f.senders.now("district-058", START), "nor the sender's evidence");
    }

    private static final long HOUR = 3600;

    /** Time passes on both the wall clock and the monotonic clock. */
    private void elapse(long seconds) {
        f.systemClock.advance(seconds);
        f.nanos.addAndGet(seconds * 1_000_000_000L);
    }

    @Test
    void aFloorAheadOfASynchronisedClockGivesWayToIt() throws Exception {
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
    void aSynchronisedClockSteppedBackIsFollowedAcrossARestart() {
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
    void aFloorWrittenBeforeSendersWereToldApartIsNotRead() throws Exception {
        // the previous version moved clock-floor an hour ahead with a fast sender's iat (issue 15's own scenario);
        // the board's 4G APN blocks NTP, its system clock is right but nothing vouches for it
        Files.writeString(f.stateDir.resolve(StationClock.OLD_FILE), (START + HOUR) + "\n");
        f.synced = false;
        f.restart();
        elapse(2 * HOUR); // real time passed the old floor an hour ago
        f.clock.flush(); // a clean restart (an update) keeps the lead: floor + uptime is written
        f.restart();
        elapse(60);
        accepted(f.verify(f.emergencySigner, CommandSigner.claims("alert-3", "test", TARGET, START + 2 * HOUR + 60,
                START + 2 * HOUR + 360, "ping", null)));
        assertFalse(Files.exists(f.stateDir.resolve(StationClock.OLD_FILE)));
    }
}

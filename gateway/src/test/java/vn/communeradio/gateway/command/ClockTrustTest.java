package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockTrustTest {

    @TempDir
    Path stateDir;

    private final AtomicBoolean ntp = new AtomicBoolean();
    private final AtomicLong wall = new AtomicLong(1_000_000_000_000L);
    private final AtomicLong mono = new AtomicLong(5_000_000_000L);

    private ClockTrust trust(String bootId) {
        return new ClockTrust(ntp::get, wall::get, mono::get, stateDir, bootId);
    }

    /** Both clocks run on together, as they do unless somebody sets the wall clock. */
    private void elapse(long millis) {
        wall.addAndGet(millis);
        mono.addAndGet(millis * 1_000_000);
    }

    @Test
    void untrustedUntilNtpSynchronisesThenTrustedForTheRestOfTheBootEvenWhenNtpIsLost() {
        ClockTrust trust = trust("boot-1");
        elapse(3_600_000);
        assertFalse(trust.getAsBoolean());
        assertNull(trust.reason());
        ntp.set(true);
        assertTrue(trust.getAsBoolean());
        assertTrue(trust.synchronisedByNtp());
        ntp.set(false); // a day offline: the kernel drops its flag after hours without NTP; the clock is still good
        elapse(86_400_000);
        assertTrue(trust.getAsBoolean());
        assertEquals("synchronised by NTP", trust.reason());
    }

    @Test
    void aServiceRestartInTheSameBootKeepsTrustAndARebootDoesNot() {
        ntp.set(true);
        assertTrue(trust("boot-1").getAsBoolean());
        ntp.set(false);
        assertTrue(trust("boot-1").getAsBoolean(), "restarted service, same boot");
        assertEquals("synchronised by NTP", trust("boot-1").reason());
        assertFalse(trust("boot-2").getAsBoolean(), "after a reboot the clock is a guess again");
    }

    @Test
    void aClockSetAfterBootIsTrustedForSchedulesNotAsNtpAndSlowDriftIsNot() {
        ClockTrust trust = trust("boot-1");
        elapse(60_000);
        wall.addAndGet(1_500); // less than a step: not a setting
        assertFalse(trust.getAsBoolean());
        assertFalse(trust.getAsBoolean());
        wall.addAndGet(-3 * 3_600_000L); // a technician sets the clock three hours back
        assertFalse(trust.getAsBoolean(), "one reading proves nothing");
        elapse(1_000);
        assertTrue(trust.getAsBoolean(), "the next reading sees the same step");
        assertEquals("set after boot (moved -10798 s)", trust.reason());
        assertFalse(trust.synchronisedByNtp(), "a clock set by hand may not move the persisted time floor");
        assertTrue(trust("boot-1").getAsBoolean(), "remembered for this boot");
        assertFalse(trust("boot-1").synchronisedByNtp());
        ntp.set(true);
        assertTrue(trust.synchronisedByNtp(), "NTP later makes it synchronised");
        assertEquals("synchronised by NTP", trust.reason());
    }

    @Test
    void aReadingInterruptedByAPauseIsNotASetting() {
        ClockTrust trust = new ClockTrust(ntp::get, wall::get, () -> {
            long now = mono.get();
            mono.addAndGet(3_000_000_000L); // 3 s pass between the two monotonic reads: a GC pause, a stall
            return now;
        }, stateDir, "boot-1");
        for (int i = 0; i < 5; i++) {
            assertFalse(trust.getAsBoolean(), "reading " + i);
        }
    }

    @Test
    void aMarkerFileCountsOnceItExists() throws Exception {
        Path marker = stateDir.resolve("synchronized");
        ClockTrust trust = ClockTrust.forConfig(marker.toString(), stateDir);
        assertFalse(trust.getAsBoolean());
        Files.createFile(marker);
        assertTrue(trust.getAsBoolean());
        Files.delete(marker);
        assertTrue(trust.getAsBoolean());
    }

    @Test
    void alwaysTrustsAtOnceAndWritesNothing() {
        ClockTrust trust = ClockTrust.forConfig(ClockTrust.ALWAYS, stateDir);
        assertTrue(trust.getAsBoolean());
        assertFalse(Files.exists(stateDir.resolve(ClockTrust.FILE)));
    }

    @Test
    void aDamagedRecordIsNotTrust() throws Exception {
        Files.writeString(stateDir.resolve(ClockTrust.FILE), "\u0000garbage");
        assertFalse(trust("boot-1").getAsBoolean());
        Files.writeString(stateDir.resolve(ClockTrust.FILE), "boot-1\n");
        assertFalse(trust("boot-1").getAsBoolean(), "a boot id without its reason was cut short");
    }
}

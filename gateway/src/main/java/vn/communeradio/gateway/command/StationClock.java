package vn.communeradio.gateway.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * Time as the station knows it. The board may have no real-time clock: after a power cut its system clock can
 * restart days or years behind until NTP answers.
 *
 * <p>Policy. While NTP has the system clock synchronised, <em>now</em> is the system clock: it is the truth, even
 * when NTP steps it back (a first answer from a wrong server, corrected). The station keeps a persisted
 * <em>time floor</em>: the last synchronised time (recorded by {@link #checkpoint()}, written to disk at most every
 * {@value #CHECKPOINT_INTERVAL_S} s and at stop). While not synchronised, now = max(system time, floor + the
 * monotonic time elapsed since it was taken): after a reboot without RTC it starts at the last synchronised time
 * and runs on, never behind it.
 *
 * <p>Only a synchronised system clock moves the floor. No command's {@code iat} does: one sender's clock an hour
 * fast would otherwise make every other sender's commands look expired for an hour, on every unsynchronised
 * station of a group at once. What a sender's {@code iat} proves about the time is kept for that sender alone
 * ({@link SenderClocks}).
 */
public final class StationClock {

    /** Floor file in the state directory: one line, epoch seconds. */
    public static final String FILE = "time-floor";
    /**
     * The floor of versions before issue 15, which a fast sender's {@code iat} could move ahead of the real time:
     * not read (a floor ahead would run on ahead for ever), removed at start.
     */
    static final String OLD_FILE = "clock-floor";
    /** While synchronised, the floor is written at most this often (SD cards wear out). */
    public static final long CHECKPOINT_INTERVAL_S = 600;

    private final Clock system;
    private final LongSupplier monoNanos;
    private final BooleanSupplier synchronisedCheck;
    private final BooleanSupplier trustedCheck;
    private final Path file;
    /** The floor at {@link #floorAtNanos} on the monotonic clock, epoch millis. */
    private long floorMillis;
    private long floorAtNanos;
    /** Serialises writes of the floor; never held with the monitor, so readers never wait on the disk. */
    private final Object writing = new Object();
    /** Seconds last written (or read), for the write interval. */
    private long persisted;
    private long version;
    private long writtenVersion;

    /**
     * @param system            the system clock ({@code Clock.systemUTC()} in service)
     * @param monoNanos         the monotonic clock ({@code System::nanoTime} in service)
     * @param synchronisedCheck true when NTP synchronised the system clock (or the installer vouches for it):
     *                          see {@link ClockTrust#synchronisedByNtp}
     * @param trustedCheck      true when the system clock is good enough for schedules: synchronised, or set by
     *                          hand since boot (which may not move the floor: a mistyped date would stay in it)
     * @param stateDir          where the floor is kept
     */
    public StationClock(Clock system, LongSupplier monoNanos, BooleanSupplier synchronisedCheck,
                        BooleanSupplier trustedCheck, Path stateDir) {
        this.system = system;
        this.monoNanos = monoNanos;
        this.synchronisedCheck = synchronisedCheck;
        this.trustedCheck = trustedCheck;
        this.file = stateDir.resolve(FILE);
        removeOld(stateDir.resolve(OLD_FILE));
        this.persisted = load(file);
        this.floorMillis = persisted * 1000;
        this.floorAtNanos = monoNanos.getAsLong();
    }

    /** Now in epoch seconds: max(system time, floor + elapsed). */
    public long now() {
        return Math.floorDiv(nowMillis(), 1000);
    }

    /** Now in epoch milliseconds, for timestamps the station publishes. */
    public long nowMillis() {
        long systemMillis = system.millis();
        return synchronised() ? systemMillis : Math.max(systemMillis, floorNowMillis());
    }

    /** Whether NTP synchronised the system clock (for state reports and the {@code iat} rule). */
    public boolean synchronised() {
        try {
            return synchronisedCheck.getAsBoolean();
        } catch (RuntimeException e) {
            return false; // a marker we cannot check says nothing good about the clock
        }
    }

    /** Whether schedules may believe the system clock: synchronised, or set since boot ({@link ClockTrust}). */
    public boolean trusted() {
        try {
            return trustedCheck.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The floor now (last synchronised time plus what has elapsed since), epoch seconds; 0 when nothing is known. */
    public synchronized long floor() {
        return floorMillis == 0 ? 0 : Math.floorDiv(floorNowMillis(), 1000);
    }

    /**
     * Records the synchronised system time as the floor (forwards or, after NTP stepped the clock back,
     * backwards); call periodically. Writes to disk only when the floor moved {@value #CHECKPOINT_INTERVAL_S} s
     * since the last write, or back.
     *
     * @return the synchronised system time in epoch seconds, or -1 when the clock is not synchronised
     */
    public long checkpoint() {
        if (!synchronised()) {
            return -1;
        }
        long systemMillis = system.millis();
        long nanos = monoNanos.getAsLong();
        long seconds = systemMillis / 1000;
        long stepBack = 0;
        long toWrite = -1;
        long toWriteVersion = 0;
        synchronized (this) {
            long floorNow = floorMillis + (nanos - floorAtNanos) / 1_000_000;
            if (floorNow - systemMillis > 60_000) {
                stepBack = (floorNow - systemMillis) / 1000;
            }
            floorMillis = systemMillis;
            floorAtNanos = nanos;
            if (seconds - persisted >= CHECKPOINT_INTERVAL_S || seconds < persisted) {
                toWrite = seconds;
                toWriteVersion = ++version;
            }
        }
        if (stepBack > 0) {
            Logger.warn("synchronised system clock is {} s behind the station's time floor: NTP stepped it back, "
                    + "or the floor came from a clock that was wrong; the floor follows the synchronised clock", stepBack);
        }
        if (toWrite >= 0) {
            write(toWrite, toWriteVersion);
        }
        return seconds;
    }

    /** Writes the floor now (at service stop, so a restart without RTC starts from the latest known time). */
    public void flush() {
        long value;
        long valueVersion;
        synchronized (this) {
            if (floorMillis == 0) {
                return;
            }
            value = Math.floorDiv(floorNowMillis(), 1000);
            valueVersion = ++version;
        }
        write(value, valueVersion);
    }

    private synchronized long floorNowMillis() {
        return floorMillis + (monoNanos.getAsLong() - floorAtNanos) / 1_000_000;
    }

    private void write(long seconds, long valueVersion) {
        synchronized (writing) {
            if (valueVersion <= writtenVersion) {
                return; // a newer value is on disk already
            }
            try {
                AtomicFiles.write(file, (seconds + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                Logger.error("cannot write clock floor {}: {}; after a restart without network time, commands may "
                        + "be judged against an older time", file, e.toString());
                return;
            }
            writtenVersion = valueVersion;
            synchronized (this) {
                persisted = seconds;
            }
        }
    }

    private static void removeOld(Path old) {
        try {
            if (Files.deleteIfExists(old)) {
                Logger.info("{} removed: a time floor written before senders' clocks were told apart may be ahead of "
                        + "the real time; the floor starts again at the next synchronised time", old);
            }
        } catch (IOException e) {
            Logger.warn("cannot remove {} ({}); it is not read", old, e.toString());
        }
    }

    private static long load(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            Logger.warn("clock floor {} is unreadable ({}); starting without one", file, e.toString());
            return 0;
        }
    }
}

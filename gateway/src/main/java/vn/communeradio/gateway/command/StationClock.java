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
 * <p>Policy. The station keeps a persisted <em>time floor</em>: the last time its system clock was synchronised
 * by NTP (recorded by {@link #checkpoint()}, written to disk at most every {@value #CHECKPOINT_INTERVAL_S} s and at
 * stop). The floor is a lower bound of the real time, and so is the floor plus the monotonic time elapsed since
 * this process took it. <em>Now</em> = max(system time, floor + elapsed): it never goes backwards, and after a
 * reboot without RTC it starts at the last synchronised time and runs on.
 *
 * <p>Only a synchronised system clock moves the floor. No command's {@code iat} does: one sender's clock an hour
 * fast would otherwise make every other sender's commands look expired for an hour, on every unsynchronised
 * station of a group at once. What a sender's {@code iat} proves about the time is kept for that sender alone
 * ({@link SenderClocks}).
 */
public final class StationClock {

    /** Floor file in the state directory: one line, epoch seconds. */
    public static final String FILE = "clock-floor";
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
    private long warnedAt = Long.MIN_VALUE;
    /** Serialises writes of the floor; never held with the monitor, so readers never wait on the disk. */
    private final Object writing = new Object();
    private long persisted;

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
        return Math.max(systemMillis, floorNowMillis());
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
     * Records the synchronised system time as the floor; call periodically (every minute is plenty; the verifier
     * also calls it for each command whose signature verified). Writes to disk only when the floor moved
     * {@value #CHECKPOINT_INTERVAL_S} s since the last write. Warns when a synchronised clock is behind the floor.
     *
     * @return the synchronised system time in epoch seconds, or -1 when the clock is not synchronised
     */
    public long checkpoint() {
        if (!synchronised()) {
            return -1;
        }
        long systemMillis = system.millis();
        long nanos = monoNanos.getAsLong();
        long toWrite = -1;
        long behind = 0;
        synchronized (this) {
            long floorNow = floorMillis + (nanos - floorAtNanos) / 1_000_000;
            if (systemMillis >= floorNow) {
                floorMillis = systemMillis;
                floorAtNanos = nanos;
                if (systemMillis / 1000 - persisted >= CHECKPOINT_INTERVAL_S) {
                    toWrite = systemMillis / 1000;
                }
            } else if (floorNow - systemMillis > 60_000 && systemMillis / 1000 - warnedAt >= 3600) {
                warnedAt = systemMillis / 1000;
                behind = (floorNow - systemMillis) / 1000;
            }
        }
        if (behind > 0) {
            Logger.warn("synchronised system clock is {} s behind the clock floor in {} (the last synchronised time "
                    + "plus the time elapsed since): NTP stepped the clock back; commands are judged by the floor "
                    + "until real time passes it", behind, file);
        }
        if (toWrite >= 0) {
            write(toWrite);
        }
        return systemMillis / 1000;
    }

    /** Writes the floor now (at service stop, so a restart without RTC starts from the latest known time). */
    public void flush() {
        long value = floor();
        if (value > 0) {
            write(value);
        }
    }

    private synchronized long floorNowMillis() {
        return floorMillis + (monoNanos.getAsLong() - floorAtNanos) / 1_000_000;
    }

    private void write(long seconds) {
        synchronized (writing) {
            synchronized (this) {
                if (seconds <= persisted) {
                    return; // a later write got there first
                }
            }
            try {
                AtomicFiles.write(file, (seconds + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                Logger.error("cannot write clock floor {}: {}; after a restart without network time, commands may "
                        + "be judged against an older time", file, e.toString());
                return;
            }
            synchronized (this) {
                persisted = Math.max(persisted, seconds);
            }
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

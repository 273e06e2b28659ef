package vn.communeradio.gateway.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * Time as the station can trust it. The board may have no real-time clock: after a power cut its system clock
 * can restart days or years behind until NTP answers, and every command would then look "not yet valid".
 *
 * <p>Policy. The station keeps a persisted <em>time floor</em>: the latest of the last synchronised system time
 * (recorded by {@link #checkpoint()}, written to disk at most every {@value #CHECKPOINT_INTERVAL_S} s) and the
 * largest {@code iat} of any command whose signature verified while the clock was unsynchronised
 * ({@link #observeIat}). <em>Effective now</em> = max(system time, floor).
 * <ul>
 * <li>While the clock is <b>unsynchronised</b> (the sync marker file is absent), it is presumed behind: a signed
 * command whose {@code iat} is ahead of effective now is not refused {@code not_yet_valid}; its {@code iat} is
 * evidence of the real time and the floor advances to it. {@code exp} is still checked against effective now,
 * so a command that expired before the newest one we verified stays expired.</li>
 * <li>While <b>synchronised</b>, the normal rules apply: {@code iat} at most the allowed skew ahead. The floor
 * does not follow {@code iat} then: a sender allowed to be 30 s ahead could otherwise push it 30 s further with
 * each command.</li>
 * <li>The floor never goes backwards (in memory or on disk), so effective now does not either unless the system
 * clock itself jumps back while ahead of the floor. Replays are caught by {@link ReplayWindow} whatever the
 * clock does: it forgets an id only after recording a horizon below which every command is refused.</li>
 * </ul>
 * A trusted sender with a clock far in the future can push the floor ahead while we are unsynchronised; the
 * floor then stays ahead and commands with short lifetimes look expired until real time catches up. This is
 * logged loudly when the synchronised clock is found behind the floor.
 */
public final class StationClock {

    /** Floor file in the state directory: one line, epoch seconds. */
    public static final String FILE = "clock-floor";
    /** While synchronised, the floor is written at most this often (SD cards wear out). */
    public static final long CHECKPOINT_INTERVAL_S = 600;

    private final Clock system;
    private final BooleanSupplier synchronisedCheck;
    private final BooleanSupplier trustedCheck;
    private final Path file;
    private long floor;
    private long persisted;
    private long warnedAt = Long.MIN_VALUE;

    /**
     * @param system            the system clock ({@code Clock.systemUTC()} in service)
     * @param synchronisedCheck true when the system clock can be believed; see {@link ClockTrust}
     * @param stateDir          where the floor is kept
     */
    public StationClock(Clock system, BooleanSupplier synchronisedCheck, Path stateDir) {
        this(system, synchronisedCheck, synchronisedCheck, stateDir);
    }

    /**
     * @param trustedCheck true when the system clock is good enough for schedules: synchronised, or set by hand
     *                     since boot (which may not move the floor: a mistyped date would stay in it)
     */
    public StationClock(Clock system, BooleanSupplier synchronisedCheck, BooleanSupplier trustedCheck, Path stateDir) {
        this.system = system;
        this.synchronisedCheck = synchronisedCheck;
        this.trustedCheck = trustedCheck;
        this.file = stateDir.resolve(FILE);
        this.floor = load(file);
        this.persisted = floor;
    }

    /** Effective now in epoch seconds: max(system time, floor). */
    public synchronized long now() {
        return Math.max(Math.floorDiv(system.millis(), 1000), floor);
    }

    /** Effective now in epoch milliseconds, for timestamps the station publishes. */
    public synchronized long nowMillis() {
        return Math.max(system.millis(), floor * 1000);
    }

    /** Whether the system clock is synchronised (for state reports and the iat rule). */
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

    /** The floor, epoch seconds (0 when nothing is known). */
    public synchronized long floor() {
        return floor;
    }

    /**
     * Evidence from a command whose signature verified: while unsynchronised, raises the floor to its {@code iat}
     * (and writes it: the floor is then our only notion of time). While synchronised the system clock needs no
     * evidence, and taking iat then would let a sender's allowed skew ratchet the floor ahead of real time.
     */
    public synchronized void observeIat(long iat) {
        if (iat > floor && !synchronised()) {
            floor = iat;
            persist();
        }
    }

    /**
     * Records the synchronised system time as the floor; call periodically (every minute is plenty; the verifier
     * also calls it for each command whose signature verified). Writes to
     * disk only when the floor moved {@value #CHECKPOINT_INTERVAL_S} s since the last write. Also warns when a
     * synchronised clock is behind the floor (a command was signed with a clock in the future).
     */
    public synchronized void checkpoint() {
        if (!synchronised()) {
            return;
        }
        long systemNow = Math.floorDiv(system.millis(), 1000);
        if (systemNow + 60 < floor && systemNow - warnedAt >= 3600) {
            warnedAt = systemNow;
            Logger.warn("synchronised system clock is {} s behind the clock floor in {}: a command was signed with "
                    + "an iat in the future while the clock was unsynchronised; commands may look expired until real "
                    + "time passes the floor (check the issuer's clock)", floor - systemNow, file);
        }
        if (systemNow > floor) {
            floor = systemNow;
            if (floor - persisted >= CHECKPOINT_INTERVAL_S) {
                persist();
            }
        }
    }

    /** Writes the floor now (at service stop, so a restart without RTC starts from the latest known time). */
    public synchronized void flush() {
        if (floor != persisted) {
            persist();
        }
    }

    private void persist() {
        try {
            AtomicFiles.write(file, (floor + "\n").getBytes(StandardCharsets.US_ASCII));
            persisted = floor;
        } catch (IOException e) {
            Logger.error("cannot write clock floor {}: {}; after a restart without network time, commands may be "
                    + "judged against an older time", file, e.toString());
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

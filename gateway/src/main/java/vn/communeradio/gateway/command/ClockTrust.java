package vn.communeradio.gateway.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.store.AtomicFiles;
import vn.communeradio.hal.clock.KernelClock;

/**
 * Whether the system clock can be believed: since this boot an NTP client synchronised it, or somebody set it.
 * Once earned, trust lasts until the board reboots: a day offline does not make a synchronised clock wrong (the
 * kernel itself drops its "synchronised" flag after some hours without NTP, which would silence an offline
 * station's schedule), and a service restart keeps it (a file in the state directory names the boot). A reboot
 * loses it: a board without a real-time clock restarts from a guess.
 *
 * <p>Schedules play on either kind ({@link #getAsBoolean}). Only NTP's ({@link #synchronisedByNtp}) may move the
 * station's persisted time floor ({@link StationClock}): a date mistyped a year ahead by hand and then corrected
 * must not leave every command looking expired for good.
 */
public final class ClockTrust implements BooleanSupplier {

    /** In the state directory: the boot id the clock was trusted in, and why. */
    public static final String FILE = "clock-trusted";
    /** Config value: trust the kernel's NTP state or systemd-timesyncd's marker. */
    public static final String AUTO = "auto";
    /** Config value: the system clock is right as it is (a board with a real-time clock, a development machine). */
    public static final String ALWAYS = "always";
    static final Path TIMESYNCD_MARKER = Path.of("/run/systemd/timesync/synchronized");
    static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    /** A wall clock moved this far against the monotonic clock was set (frequency slewing moves both alike). */
    static final long STEP_MILLIS = 2000;
    /** A reading of the two clocks this far apart (a GC pause, a starved thread) is not compared. */
    static final long READ_SPAN_NANOS = 50_000_000;
    private static final String NTP = "synchronised by NTP";

    private final BooleanSupplier synchronisedNow;
    private final LongSupplier wallMillis;
    private final LongSupplier monoNanos;
    private final Path file;
    private final String bootId;
    private final long offsetAtStart;
    private volatile String reason;
    private volatile boolean byNtp;
    /** A step seen once: trusted when the next reading sees it too (a single odd reading proves nothing). */
    private boolean stepSeen;

    /**
     * @param synchronisedNow whether an NTP client says the clock is synchronised right now
     * @param bootId          this boot's id, or null when unknown (trust is then not remembered across restarts)
     */
    ClockTrust(BooleanSupplier synchronisedNow, LongSupplier wallMillis, LongSupplier monoNanos, Path stateDir,
               String bootId) {
        this.synchronisedNow = synchronisedNow;
        this.wallMillis = wallMillis;
        this.monoNanos = monoNanos;
        this.file = stateDir.resolve(FILE);
        this.bootId = bootId;
        long offset = offset();
        this.offsetAtStart = offset == Long.MIN_VALUE ? wallMillis.getAsLong() - monoNanos.getAsLong() / 1_000_000
                : offset;
        this.reason = bootId == null ? null : remembered(file, bootId);
        this.byNtp = NTP.equals(reason);
    }

    /** The check for config {@code clock.sync_marker}: {@code auto}, {@code always} or a marker file's path. */
    public static ClockTrust forConfig(String value, Path stateDir) {
        if (ALWAYS.equals(value)) {
            ClockTrust trust = new ClockTrust(() -> true, System::currentTimeMillis, System::nanoTime, stateDir, null);
            trust.reason = "clock.sync_marker = always"; // nothing to remember for the next start
            trust.byNtp = true; // as good as synchronised, by the installer's word
            return trust;
        }
        BooleanSupplier synchronisedNow;
        if (AUTO.equals(value)) {
            BooleanSupplier kernel = kernelSynchronised();
            synchronisedNow = () -> kernel.getAsBoolean() || Files.exists(TIMESYNCD_MARKER);
        } else {
            Path marker = Path.of(value);
            synchronisedNow = () -> Files.exists(marker);
        }
        return new ClockTrust(synchronisedNow, System::currentTimeMillis, System::nanoTime, stateDir, bootId());
    }

    /** The kernel's NTP flag, or false for ever (said once) where the kernel cannot be asked. */
    private static BooleanSupplier kernelSynchronised() {
        KernelClock kernel = KernelClock.open().orElse(null);
        String problem = null;
        if (kernel == null) {
            problem = "adjtimex cannot be called here";
        } else {
            try {
                kernel.state();
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            Logger.warn("cannot ask the kernel whether NTP synchronised the clock ({}); the clock is trusted only "
                    + "through {} or when it is set", problem, TIMESYNCD_MARKER);
            return () -> false;
        }
        return () -> {
            try {
                return kernel.synchronised();
            } catch (IOException e) {
                return false;
            }
        };
    }

    @Override
    public boolean getAsBoolean() {
        if (byNtp) {
            return true;
        }
        if (synchronisedNow.getAsBoolean()) {
            trust(NTP, true);
        } else if (reason == null) {
            checkForStep();
        }
        return reason != null;
    }

    /**
     * Whether NTP synchronised the clock since boot (or the config says to believe it as it is): what may move
     * the persisted time floor. A clock only set by hand is trusted for schedules, not for that.
     */
    public boolean synchronisedByNtp() {
        getAsBoolean();
        return byNtp;
    }

    private synchronized void checkForStep() {
        long offset = offset();
        if (offset == Long.MIN_VALUE) {
            return;
        }
        long step = offset - offsetAtStart;
        if (Math.abs(step) < STEP_MILLIS) {
            stepSeen = false;
        } else if (!stepSeen) {
            stepSeen = true;
        } else {
            trust("set after boot (moved " + (step > 0 ? "+" : "") + step / 1000 + " s)", false);
        }
    }

    /** Why the clock is trusted ("synchronised by NTP", "set after boot ..."), or null while it is not. */
    public String reason() {
        getAsBoolean();
        return reason;
    }

    private synchronized void trust(String why, boolean ntp) {
        if (reason != null && (byNtp || !ntp)) {
            return;
        }
        byNtp = ntp; // NTP after a setting by hand upgrades it
        reason = why;
        Logger.info("system clock trusted until the next reboot: {}", why);
        if (bootId == null) {
            return;
        }
        try {
            AtomicFiles.write(file, (bootId + "\n" + why + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Logger.warn("cannot write {} ({}); after a restart of the service the clock waits for NTP again",
                    file, e.toString());
        }
    }

    /** Wall minus monotonic, ms; Long.MIN_VALUE when the reading took too long to mean anything. */
    private long offset() {
        long before = monoNanos.getAsLong();
        long wall = wallMillis.getAsLong();
        long after = monoNanos.getAsLong();
        return after - before > READ_SPAN_NANOS ? Long.MIN_VALUE : wall - (before + after) / 2 / 1_000_000;
    }

    /** The reason kept in {@code file} when it was written in this boot, else null. */
    private static String remembered(Path file, String bootId) {
        try {
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
            return lines.length >= 2 && lines[0].strip().equals(bootId) ? lines[1].strip() : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            Logger.warn("cannot read {} ({}); the clock waits for NTP", file, e.toString());
            return null;
        }
    }

    private static String bootId() {
        try {
            return Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return null;
        }
    }
}

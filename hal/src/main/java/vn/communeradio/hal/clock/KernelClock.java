package vn.communeradio.hal.clock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.util.Optional;

/**
 * The kernel's own word on the system clock: whether an NTP client (systemd-timesyncd, chrony, ntpd) keeps it
 * synchronised. This is what {@code timedatectl} shows as "System clock synchronized", read with
 * {@code adjtimex(2)} in read-only mode, which needs no privilege.
 */
public final class KernelClock {

    /** adjtimex's return value while the clock is not synchronised (STA_UNSYNC set). */
    private static final int TIME_ERROR = 5;
    /** Larger than struct timex on every ABI (208 bytes on 64-bit Linux, less on 32-bit): modes 0 reads only. */
    private static final int TIMEX_BYTES = 512;

    private final LibC libc;

    private KernelClock(LibC libc) {
        this.libc = libc;
    }

    /** The kernel clock of this machine, or empty where adjtimex cannot be called (not Linux, no libc). */
    public static Optional<KernelClock> open() {
        if (!Platform.isLinux()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KernelClock(Native.load(Platform.C_LIBRARY_NAME, LibC.class)));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The clock state adjtimex returns (0 TIME_OK .. 5 TIME_ERROR).
     *
     * @throws IOException when the kernel refuses the call (a seccomp filter such as systemd's ProtectClock=yes
     *                     answers EPERM even to this read-only query)
     */
    public int state() throws IOException {
        try (Memory timex = new Memory(TIMEX_BYTES)) {
            timex.clear(); // modes = 0: read, change nothing
            return libc.adjtimex(timex);
        } catch (LastErrorException e) {
            throw new IOException("adjtimex refused: " + e.getMessage(), e);
        }
    }

    /** True while an NTP client keeps the clock synchronised; false when unsynchronised. */
    public boolean synchronised() throws IOException {
        return state() != TIME_ERROR;
    }

    private interface LibC extends Library {
        int adjtimex(Memory timex) throws LastErrorException;
    }
}

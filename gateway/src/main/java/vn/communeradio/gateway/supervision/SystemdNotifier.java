package vn.communeradio.gateway.supervision;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Tells systemd about the service (sd_notify(3): {@code READY=1}, {@code STOPPING=1}, {@code WATCHDOG=1},
 * {@code STATUS=...}) through the AF_UNIX datagram socket named by {@code $NOTIFY_SOCKET}: a path, or an abstract
 * name written with a leading {@code @}. Java 17 has no Unix datagram channel, so libc is called through JNA
 * (already on the classpath for JACK). Sending never throws: a lost notification is logged, the station goes on.
 */
public final class SystemdNotifier {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    /** Linux: a receiver that went away must not kill the JVM with SIGPIPE. */
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sun_path) on Linux. */
    private static final int SUN_PATH = 108;
    /** offsetof(struct sockaddr_un, sun_path): sa_family_t is an unsigned short. */
    private static final int PATH_OFFSET = 2;

    private final String socketName;
    private final byte[] address;
    private String lastFailure;

    private SystemdNotifier(String socketName, byte[] address) {
        this.socketName = socketName;
        this.address = address;
    }

    /** The notifier systemd asked for with {@code NOTIFY_SOCKET} (Type=notify), or empty when not under systemd. */
    public static Optional<SystemdNotifier> fromEnvironment(Map<String, String> environment) {
        String name = environment.get("NOTIFY_SOCKET");
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        byte[] address = socketAddress(name);
        if (address == null) {
            Logger.warn("NOTIFY_SOCKET '{}' is not a Unix socket path or @abstract name of at most {} bytes; "
                    + "systemd will not hear from the service", name, SUN_PATH - 1);
            return Optional.empty();
        }
        return Optional.of(new SystemdNotifier(name, address));
    }

    /**
     * struct sockaddr_un for a path (NUL-terminated) or an {@code @}abstract name (leading NUL, no terminator);
     * null when the name is neither or too long.
     */
    public static byte[] socketAddress(String name) {
        boolean abstractName = name.startsWith("@");
        if (!abstractName && !name.startsWith("/")) {
            return null;
        }
        byte[] path = (abstractName ? name.substring(1) : name).getBytes(StandardCharsets.UTF_8);
        int length = 1 + path.length; // the leading NUL of an abstract name, or a path's terminating NUL
        if (length > SUN_PATH || path.length == 0) {
            return null;
        }
        ByteBuffer address = ByteBuffer.allocate(PATH_OFFSET + length).order(ByteOrder.nativeOrder());
        address.putShort((short) AF_UNIX);
        if (abstractName) {
            address.put((byte) 0).put(path);
        } else {
            address.put(path).put((byte) 0);
        }
        return address.array();
    }

    /**
     * Sends one notification (one or more {@code NAME=value} lines); false when it could not be sent. Thread-safe;
     * a new socket per message, as sd_notify does: notifications are rare (a watchdog ping every few seconds).
     */
    public synchronized boolean send(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        int fd = -1;
        try {
            fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM, 0);
            LibC.INSTANCE.sendto(fd, bytes, new NativeLong(bytes.length), MSG_NOSIGNAL, address, address.length);
            lastFailure = null;
            return true;
        } catch (LastErrorException | LinkageError e) {
            String failure = e instanceof LastErrorException le ? "errno " + le.getErrorCode() + ": "
                    + le.getMessage() : "libc unavailable: " + e.getMessage();
            if (!failure.equals(lastFailure)) { // a ping every few seconds: say it once, not every time
                Logger.warn("cannot notify systemd on {} ({}); if the unit has WatchdogSec, systemd will restart "
                        + "the service", socketName, failure);
                lastFailure = failure;
            }
            return false;
        } finally {
            if (fd >= 0) {
                try {
                    LibC.INSTANCE.close(fd);
                } catch (LastErrorException e) {
                    // nothing was buffered on a datagram socket: nothing is lost
                }
            }
        }
    }

    /** The socket, as given in {@code NOTIFY_SOCKET}. */
    public String socketName() {
        return socketName;
    }

    /** The three libc calls; errno becomes a LastErrorException. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }
}

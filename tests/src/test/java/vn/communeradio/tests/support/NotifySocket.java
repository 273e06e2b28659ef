package vn.communeradio.tests.support;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import vn.communeradio.gateway.supervision.SystemdNotifier;

/**
 * What systemd listens on for a Type=notify service: an AF_UNIX datagram socket, bound here to a path, that
 * collects every notification ({@code READY=1}, {@code WATCHDOG=1}...) with the time it arrived.
 */
public final class NotifySocket implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;

    /** A notification and when it arrived (System.nanoTime). */
    public record Message(String text, long nanos) {
    }

    private final String name;
    private final int fd;
    private final List<Message> messages = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    private NotifySocket(String name, int fd) {
        this.name = name;
        this.fd = fd;
        this.reader = new Thread(this::receive, "notify-socket");
        reader.setDaemon(true);
        reader.start();
    }

    public static NotifySocket bind(Path path) throws IOException {
        Files.deleteIfExists(path);
        return bind(path.toString());
    }

    /** Binds a path, or an abstract name written {@code @name} (as in NOTIFY_SOCKET). */
    public static NotifySocket bind(String name) throws IOException {
        byte[] address = SystemdNotifier.socketAddress(name);
        if (address == null) {
            throw new IOException("not a socket path or @name, or too long for sockaddr_un: " + name);
        }
        int fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM, 0);
        // a 200 ms receive timeout lets the reader notice close(); struct timeval is two longs (64-bit Linux)
        LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, new long[] {0, 200_000}, 16);
        LibC.INSTANCE.bind(fd, address, address.length);
        return new NotifySocket(name, fd);
    }

    /** What NOTIFY_SOCKET must say. */
    public String name() {
        return name;
    }

    private void receive() {
        byte[] buffer = new byte[4096];
        while (!closed) {
            try {
                int n = LibC.INSTANCE.recv(fd, buffer, new NativeLong(buffer.length), 0).intValue();
                String text = new String(Arrays.copyOf(buffer, n), StandardCharsets.UTF_8);
                synchronized (this) {
                    messages.add(new Message(text, System.nanoTime()));
                    notifyAll();
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EAGAIN) {
                    return;
                }
            }
        }
    }

    /** Waits for a notification at index {@code from} or later that contains a match of {@code regex}. */
    public synchronized Message await(String regex, int from, Duration timeout) throws InterruptedException {
        Message found = first(regex, from, timeout);
        if (found == null) {
            throw new AssertionError("no notification matching /" + regex + "/ within " + timeout.toMillis()
                    + " ms; received: " + texts());
        }
        return found;
    }

    /**
     * Asserts that no notification at index {@code from} or later matches {@code regex} during {@code window}:
     * fails the moment one arrives, returns when the window has passed without one.
     */
    public synchronized void assertNone(String regex, int from, Duration window) throws InterruptedException {
        long start = System.nanoTime();
        Message found = first(regex, from, window);
        if (found != null) {
            throw new AssertionError("a notification matching /" + regex + "/ came " + Math.max(0,
                    TimeUnit.NANOSECONDS.toMillis(found.nanos() - start)) + " ms into a window of "
                    + window.toMillis() + " ms where none may: " + texts());
        }
    }

    // the first match at index from or later, waiting for it up to timeout; null if none came
    private Message first(String regex, int from, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = from; ; ) {
            for (; i < messages.size(); i++) {
                if (pattern.matcher(messages.get(i).text()).find()) {
                    return messages.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    public Message await(String regex, Duration timeout) throws InterruptedException {
        return await(regex, 0, timeout);
    }

    /** Every notification so far, oldest first. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    public synchronized List<String> texts() {
        return messages.stream().map(Message::text).toList();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        closed = true;
        reader.join(2_000);
        LibC.INSTANCE.close(fd);
        if (!name.startsWith("@")) {
            Files.deleteIfExists(Path.of(name));
        }
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

        int setsockopt(int fd, int level, int name, long[] value, int length) throws LastErrorException;

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }
}

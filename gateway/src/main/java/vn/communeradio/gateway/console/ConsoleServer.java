package vn.communeradio.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The service's end of the technician console: a Unix domain socket in the state directory, one accepting
 * thread, one thread per console session (at most {@value #MAX_SESSIONS}). Sessions never run on the control
 * loop: what acts is posted to it, what reads reads snapshots.
 *
 * <p>Access: the socket sits in {@code state.dir/console/}, created 0750 before the socket exists, and the socket
 * is made 0660 right after bind: only the service's user and group ever reach it, with no window where it is
 * wider. When {@code console.pin_hash} is set, a session must give the PIN first; after {@value #MAX_PIN_TRIES}
 * wrong ones in a row, every further try waits {@code PIN_DELAY}, all sessions together.
 */
public final class ConsoleServer implements AutoCloseable {

    static final int MAX_SESSIONS = 8;
    static final int MAX_PIN_TRIES = 3;
    static final Duration PIN_DELAY = Duration.ofSeconds(30);
    /** sun_path holds 108 bytes with its terminating zero. */
    static final int MAX_SOCKET_PATH = 107;

    private final Path socket;
    private final ServerSocketChannel server;
    private final ConsoleCommands commands;
    private final Supplier<String> pinHash;
    private final String greeting;
    private final Semaphore sessions = new Semaphore(MAX_SESSIONS);
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pinFailures = new AtomicInteger();
    private final Object pinLock = new Object();
    private final AtomicInteger sessionCount = new AtomicInteger();
    private volatile boolean closed;

    private ConsoleServer(Path socket, ServerSocketChannel server, ConsoleCommands commands, Supplier<String> pinHash,
                          String greeting) {
        this.socket = socket;
        this.server = server;
        this.commands = commands;
        this.pinHash = pinHash;
        this.greeting = greeting;
    }

    /**
     * Binds {@code state.dir/console/console.sock}, replacing a stale one (the state directory's lock says no
     * other service runs here), and starts accepting.
     *
     * @param pinHash the current {@code console.pin_hash}, empty for none; asked at each new session
     */
    public static ConsoleServer start(Path stateDir, ConsoleCommands commands, Supplier<String> pinHash,
                                      String greeting) throws IOException {
        Path socket = ConsoleProtocol.socket(stateDir);
        if (socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IOException("console socket path " + socket + " is longer than " + MAX_SOCKET_PATH
                    + " bytes, the limit of Unix sockets; choose a shorter state.dir");
        }
        Path dir = socket.getParent();
        if (Files.isDirectory(dir)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        } else {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        }
        if (Files.deleteIfExists(socket)) {
            Logger.info("console: stale socket {} replaced (left by a process that did not stop cleanly)", socket);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        ConsoleServer console = new ConsoleServer(socket, server, commands, pinHash, greeting);
        Thread acceptor = new Thread(console::accept, "console-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        Logger.info("console: listening on {}", socket);
        return console;
    }

    private void accept() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                Logger.warn("console: accept failed: {}", e.getMessage());
                continue;
            }
            if (!sessions.tryAcquire()) {
                refuse(channel, "too many console sessions (" + MAX_SESSIONS + "); close one first");
                continue;
            }
            Session session = new Session(channel);
            open.add(session);
            Thread t = new Thread(() -> {
                try {
                    session.run();
                } finally {
                    open.remove(session);
                    sessions.release();
                }
            }, "console-" + sessionCount.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private static void refuse(SocketChannel channel, String why) {
        try (channel) {
            Channels.newOutputStream(channel).write((ConsoleProtocol.OUTPUT + why + "\n" + ConsoleProtocol.END
                    + ConsoleProtocol.FAILED + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client went away
        }
    }

    /**
     * Stops accepting and closes idle sessions; a session in the middle of a command closes after answering it
     * (so that 'restart' is answered). Removes the socket file.
     */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            Logger.warn("console: socket {} not removed: {}", socket, e.getMessage());
        }
        open.forEach(Session::closeIfIdle);
    }

    private boolean pinAccepted(String pin) throws InterruptedException {
        synchronized (pinLock) { // one try at a time: parallel sessions do not multiply the guessing rate
            if (pinFailures.get() >= MAX_PIN_TRIES) {
                Thread.sleep(PIN_DELAY.toMillis());
            }
            if (ConsolePin.matches(pin, pinHash.get())) {
                pinFailures.set(0);
                return true;
            }
            int failures = pinFailures.incrementAndGet();
            Logger.warn("console: wrong PIN ({} in a row)", failures);
            return false;
        }
    }

    /** One connected console. */
    private final class Session implements Reply {
        private final SocketChannel channel;
        private final OutputStream out;
        private volatile boolean busy;
        private boolean authenticated;

        Session(SocketChannel channel) {
            this.channel = channel;
            this.out = Channels.newOutputStream(channel);
        }

        void run() {
            authenticated = pinHash.get().isEmpty();
            try (channel) {
                InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel));
                String line;
                while (!closed && (line = readLine(in)) != null) {
                    busy = true;
                    int status = answer(line.strip());
                    if (status < 0) {
                        return;
                    }
                    write(ConsoleProtocol.END + status);
                    busy = false;
                }
            } catch (IOException | UncheckedIOException e) {
                Logger.debug("console session ended: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The exit status, or -1 to end the session. */
        private int answer(String line) throws InterruptedException {
            if (line.equals("exit") || line.equals("quit")) {
                return -1;
            }
            if (line.equals("hello")) {
                line(greeting);
                if (!authenticated) {
                    line("PIN required");
                    return ConsoleProtocol.PIN_REFUSED;
                }
                return ConsoleProtocol.OK;
            }
            if (!authenticated) {
                if (line.startsWith("pin ") && !line.startsWith("pin set") && !line.equals("pin clear")) {
                    authenticated = pinAccepted(line.substring(4).strip());
                    if (!authenticated) {
                        line("wrong PIN");
                        return ConsoleProtocol.PIN_REFUSED;
                    }
                    return ConsoleProtocol.OK;
                }
                line("the console PIN is required first");
                return ConsoleProtocol.PIN_REFUSED;
            }
            return commands.execute(line, this);
        }

        @Override
        public void line(String text) {
            // one output line per line of text: a stray newline must not end the reply early
            if (text.isEmpty()) {
                write(ConsoleProtocol.OUTPUT);
            }
            text.lines().forEach(l -> write(ConsoleProtocol.OUTPUT + l));
        }

        private void write(String protocolLine) {
            try {
                out.write((protocolLine + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void closeIfIdle() {
            if (!busy) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }

        /** A request line without its end; null at end of input. Refuses lines over the limit. */
        private String readLine(InputStream in) throws IOException {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    return bytes.toString(StandardCharsets.UTF_8);
                }
                if (bytes.size() >= ConsoleProtocol.MAX_REQUEST) {
                    throw new IOException("request longer than " + ConsoleProtocol.MAX_REQUEST + " bytes");
                }
                bytes.write(b);
            }
            return bytes.size() > 0 ? bytes.toString(StandardCharsets.UTF_8) : null;
        }
    }
}

package vn.communeradio.tests.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker on a free loopback port, private to one test: started with its own config in a
 * directory of its own, restartable on the same port, always stopped at the end.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final String extraConfig;
    /** A whole configuration of the caller's, or null for the test default plus {@link #extraConfig}. */
    private final String ownConfig;
    /** The broker's open-file limit (soft and hard), or 0 to inherit this JVM's. */
    private final long openFiles;
    private Process process;

    private Mosquitto(Path dir, int port, String extraConfig, String ownConfig, long openFiles) {
        this.dir = dir;
        this.port = port;
        this.extraConfig = extraConfig;
        this.ownConfig = ownConfig;
        this.openFiles = openFiles;
    }

    /** Starts a broker with persistence (sessions survive a restart, as on a production broker). */
    public static Mosquitto start() throws IOException, InterruptedException {
        return start("");
    }

    public static Mosquitto start(String extraConfig) throws IOException, InterruptedException {
        return startWithOpenFiles(0, extraConfig);
    }

    /**
     * As {@link #start(String)}, with the broker's open-file limit raised to {@code openFiles} (one descriptor per
     * connected station), as a province deployment does with {@code LimitNOFILE=} in a systemd drop-in
     * (packaging/examples/mosquitto/mosquitto-limits.conf). Raising a hard limit needs root (CAP_SYS_RESOURCE).
     */
    public static Mosquitto startWithOpenFiles(long openFiles, String extraConfig)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mosquitto-");
        // started as root, mosquitto drops to its own user: everything it reads or writes must be open to it
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Mosquitto broker = new Mosquitto(dir, freePort(), extraConfig, null, openFiles);
        broker.launch();
        return broker;
    }

    /**
     * Starts a broker with a configuration of the caller's (e.g. an example shipped to provinces), written by
     * {@code config} given the broker's own directory (for persistence); ready once {@code port} listens.
     */
    public static Mosquitto startConfigured(java.util.function.Function<Path, String> config, int port)
            throws IOException, InterruptedException {
        return startConfigured(config, port, 0);
    }

    /** The same with the open-file limit {@code openFiles} (0: inherited), as {@link #startWithOpenFiles}. */
    public static Mosquitto startConfigured(java.util.function.Function<Path, String> config, int port, long openFiles)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mosquitto-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Mosquitto broker = new Mosquitto(dir, port, "", config.apply(dir), openFiles);
        broker.launch();
        return broker;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private void launch() throws IOException, InterruptedException {
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, ownConfig != null ? ownConfig : """
                listener %d 127.0.0.1
                allow_anonymous true
                persistence true
                persistence_location %s/
                autosave_interval 1
                log_dest stderr
                log_type error
                log_type warning
                set_tcp_nodelay true
                max_queued_messages 10000
                %s
                """.formatted(port, dir, extraConfig));
        List<String> command = new ArrayList<>();
        if (openFiles > 0) {
            command.addAll(List.of("prlimit", "--nofile=" + openFiles + ":" + openFiles, "--"));
        }
        command.addAll(List.of("mosquitto", "-c", config.toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        awaitListening(port);
    }

    /**
     * Waits until the broker listens on {@code listenerPort}: a configuration with several listeners opens them
     * one after the other, so the first one listening says nothing of the next.
     */
    public void awaitListening(int listenerPort) throws IOException, InterruptedException {
        Duration timeout = Duration.ofSeconds(10);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", listenerPort), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited with " + process.exitValue() + ": " + log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("mosquitto not listening on port " + listenerPort + " after " + timeout + ": "
                            + log());
                }
                Thread.sleep(10);
            }
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's process id, for its memory and CPU figures. */
    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    public String log() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Stops the broker (SIGTERM: it saves its persistent sessions) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Starts it again on the same port with the same sessions. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

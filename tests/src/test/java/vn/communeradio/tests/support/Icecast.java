package vn.communeradio.tests.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import vn.communeradio.hal.RealPart;

/**
 * A real Icecast 2 server (Debian's {@code icecast2}) on a free loopback port, private to one test: its own
 * configuration, logs and source password in a directory of its own. Icecast refuses to run as root, so as root
 * its configuration has it drop to the package's unprivileged user ({@code <changeowner>}). Live mounts are fed
 * by {@link IcecastSource}; always stopped at the end.
 */
public final class Icecast implements AutoCloseable {

    /** The user and group Debian's icecast2 package creates, which a server started as root drops to. */
    public static final String USER = "icecast2";
    public static final String GROUP = "icecast";

    private final Path dir;
    private final int port;
    private final Process process;
    private final String sourcePassword;

    private Icecast(Path dir, int port, Process process, String sourcePassword) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.sourcePassword = sourcePassword;
    }

    /** Starts a server and returns once it listens. */
    public static Icecast start() throws IOException, InterruptedException {
        RealPart.require(Command.run("sh", "-c", "command -v icecast2").status() == 0, "icecast2 is not installed",
                "apt-get install icecast2 (scripts/setup-debian installs it)");
        Path dir = Files.createTempDirectory("icecast-");
        // the server, once it dropped to its user, writes its logs here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = Mosquitto.freePort();
        Icecast server = null;
        Process process = null;
        try {
            boolean root = Unprivileged.root();
            String password = UUID.randomUUID().toString().substring(0, 12);
            Files.writeString(dir.resolve("icecast.xml"), config(dir, port, password, root));
            process = new ProcessBuilder("icecast2", "-c", dir.resolve("icecast.xml").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
                    .start();
            server = new Icecast(dir, port, process, password);
            server.awaitListening();
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (server != null) {
                server.close();
            } else if (process != null) {
                process.destroyForcibly();
            }
            throw e;
        }
    }

    private static String config(Path dir, int port, String password, boolean root) {
        return """
                <icecast>
                  <location>loopback</location>
                  <admin>tests@localhost</admin>
                  <limits>
                    <clients>20</clients>
                    <sources>4</sources>
                    <source-timeout>10</source-timeout>
                  </limits>
                  <authentication>
                    <source-password>%2$s</source-password>
                    <admin-user>admin</admin-user>
                    <admin-password>%2$s</admin-password>
                  </authentication>
                  <hostname>127.0.0.1</hostname>
                  <listen-socket>
                    <port>%1$d</port>
                    <bind-address>127.0.0.1</bind-address>
                  </listen-socket>
                  <paths>
                    <basedir>%3$s</basedir>
                    <logdir>%3$s</logdir>
                    <pidfile>%3$s/icecast.pid</pidfile>
                    <webroot>/usr/share/icecast2/web</webroot>
                    <adminroot>/usr/share/icecast2/admin</adminroot>
                  </paths>
                  <logging>
                    <accesslog>access.log</accesslog>
                    <errorlog>error.log</errorlog>
                    <loglevel>3</loglevel>
                  </logging>
                  <security>
                    <chroot>0</chroot>
                    %4$s
                  </security>
                </icecast>
                """.formatted(port, password, dir, root
                ? "<changeowner><user>" + USER + "</user><group>" + GROUP + "</group></changeowner>" : "");
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                status("/");
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("icecast2 exited with " + process.exitValue() + ": " + log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("icecast2 not listening on port " + port + " after 10 s: " + log());
                }
                TimeUnit.MILLISECONDS.sleep(20); // a port to open: nothing to wait on but a connect
            }
        }
    }

    /** The HTTP status of a GET of {@code path} (200 for a mount with a source, 404 without one). */
    public int status(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) listenUri(path).toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    /** Waits until {@code mount} has a source, i.e. a listener would get audio from it. */
    public void awaitMount(String mount, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last;
        while ((last = status(mount)) != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no source on " + mount + " within " + timeout.toMillis() + " ms (HTTP "
                        + last + "): " + log());
            }
            TimeUnit.MILLISECONDS.sleep(50); // the source client's login: seen only by asking
        }
    }

    /** Where a listener (the station) plays {@code mount} from. */
    public URI listenUri(String mount) {
        return URI.create("http://127.0.0.1:" + port + mount);
    }

    /** Where a source client sends {@code mount} to, with the source password ({@code icecast://} for ffmpeg). */
    public String sourceUrl(String mount) {
        return "icecast://source:" + sourcePassword + "@127.0.0.1:" + port + mount;
    }

    /** The server's error log (sources logging in and out, listeners released) and its console. */
    public String log() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : new String[] {"console.log", "error.log"}) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        Command.run("rm", "-rf", dir.toString());
    }
}

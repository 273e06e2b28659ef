package vn.communeradio.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A technician at a serial terminal: {@code commune-radio console} runs on a real pseudo-terminal (socat makes
 * the pty, the console gets it as its controlling terminal, canonical mode and echo as a serial getty leaves
 * them), and the test types into and reads from the terminal's other end. What the test sees is what the
 * technician's screen shows: echoed input, prompts without newlines, CR LF line ends.
 */
public final class SerialConsole implements AutoCloseable {

    /** The terminal's erase character (stty erase ^?), what a backspace key sends. */
    public static final char ERASE = 127;

    private final Process socat;
    private final OutputStream keyboard;
    private final StringBuilder screen = new StringBuilder();
    private final Thread reader;
    private int mark;

    private SerialConsole(Process socat) {
        this.socat = socat;
        this.keyboard = socat.getOutputStream();
        this.reader = new Thread(this::read, "serial-screen");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code commune-radio console} with {@code args} on a new pseudo-terminal. */
    public static SerialConsole open(Path workDir, String... args) throws IOException {
        StringBuilder command = new StringBuilder("#!/bin/sh\nexec " + String.join(" ", ServiceJvm.javaJar())
                + " console");
        for (String arg : args) {
            command.append(' ').append(arg);
        }
        // socat's EXEC splits on spaces and ':' ends its command (the JVM's -XX: flags have them): a script
        Path script = Files.createTempFile(workDir, "console-", ".sh");
        Files.writeString(script, command + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new SerialConsole(new ProcessBuilder(List.of("socat", "-", "EXEC:" + script
                + ",pty,setsid,ctty,stderr,sane")).directory(workDir.toFile()).redirectErrorStream(true).start());
    }

    private void read() {
        try (InputStream in = socat.getInputStream()) {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (this) {
                    screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8).replace("\r", ""));
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the terminal closed
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** Types {@code text} and Enter. */
    public void type(String text) throws IOException {
        keyboard.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /**
     * Waits until the screen, after what earlier awaits consumed, shows {@code regex}; returns the screen text up
     * to the end of the match and consumes it.
     */
    public synchronized String await(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = pattern.matcher(screen);
            if (m.find(mark)) {
                String seen = screen.substring(mark, m.end());
                mark = m.end();
                return seen;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!reader.isAlive())) {
                throw new AssertionError("the terminal did not show /" + regex + "/ within " + timeout.toMillis()
                        + " ms; screen since the last match:\n" + screen.substring(mark));
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, 200_000_000L));
        }
    }

    /** Everything the screen showed. */
    public synchronized String screen() {
        return screen.toString();
    }

    /** Waits for the console (and socat with it) to end; returns the exit status socat passes on. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!socat.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the console did not end within " + timeout.toMillis() + " ms; screen:\n" + screen());
        }
        reader.join(5_000);
        return socat.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (socat.isAlive()) {
            socat.descendants().forEach(ProcessHandle::destroyForcibly);
            socat.destroyForcibly();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

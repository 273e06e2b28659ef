package vn.communeradio.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.communeradio.hal.RealPart;

/**
 * Runs code of the tests as an unprivileged user ({@code nobody}, group {@code nogroup}, no supplementary groups)
 * when the tests run as root, as CI does: what root cannot show (a file it may not read) is shown as the service
 * user would see it. A main class of the tests runs in a JVM of its own under {@code setpriv}, on a copy of the
 * gateway's jar and of that class in a directory anyone may read (the checkout may be under /root).
 */
public final class Unprivileged {

    public static final String USER = "nobody";
    public static final String GROUP = "nogroup";

    private Unprivileged() {
    }

    /** Whether this JVM runs as root, so that a check of permissions needs {@link #java}. */
    public static boolean root() throws IOException, InterruptedException {
        return Command.ok("id", "-u").strip().equals("0");
    }

    /**
     * A directory under the system's temporary directory that {@link #USER} may enter and list (mode 755), for
     * the files the unprivileged code is to find.
     */
    public static Path directory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /**
     * Runs {@code main} (a class of the tests with a {@code main} method, a top-level or a nested one that uses
     * only the gateway's classes and the JDK's) as {@link #USER} with {@code args}; returns its status and output.
     * {@code work} is a directory of {@link #directory}'s, where the copies are made.
     */
    public static Command.Result java(Path work, Class<?> main, String... args)
            throws IOException, InterruptedException {
        RealPart.require(Command.run("sh", "-c", "command -v setpriv").status() == 0,
                "setpriv is not installed", "apt-get install util-linux");
        Path gateway = Files.createDirectories(work.resolve("gateway"));
        Files.copy(ServiceProcess.JAR, gateway.resolve(ServiceProcess.JAR.getFileName()));
        // the jar's manifest names lib/ beside it
        Command.ok("cp", "-r", ServiceProcess.JAR.resolveSibling("lib").toString(), gateway.toString());
        String classFile = main.getName().replace('.', '/') + ".class";
        Path classes = work.resolve("classes");
        Path copy = classes.resolve(classFile);
        Files.createDirectories(copy.getParent());
        try (InputStream in = main.getResourceAsStream("/" + classFile)) {
            if (in == null) {
                throw new IOException("no class file " + classFile + " on the test class path");
            }
            Files.copy(in, copy);
        }
        Command.ok("chmod", "-R", "a+rX", gateway.toString(), classes.toString());
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + GROUP,
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                gateway.resolve(ServiceProcess.JAR.getFileName()) + ":" + classes, main.getName()));
        command.addAll(List.of(args));
        return Command.run(work, Map.of(), command);
    }
}

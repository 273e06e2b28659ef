package vn.communeradio.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, as stamped by Maven. */
public final class Version {

    private Version() {
    }

    /**
     * The version running, as central systems and updates compare it: the Debian package's version
     * ({@code dpkg-query}) when this jar is the installed package's, else {@link #current()}. Asked once.
     */
    public static String running() {
        return Running.VERSION;
    }

    /** Where the package installs the jar. */
    static final String PACKAGE_JAR_DIR = "/usr/share/commune-radio/";

    private static final class Running {
        static final String VERSION = find();

        private static String find() {
            try {
                String jar = Version.class.getProtectionDomain().getCodeSource().getLocation().getPath();
                if (!jar.startsWith(PACKAGE_JAR_DIR)) {
                    return current();
                }
                Process dpkg = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "commune-radio")
                        .redirectErrorStream(true).start();
                String out = new String(dpkg.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .strip();
                if (dpkg.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && dpkg.exitValue() == 0
                        && !out.isEmpty() && out.length() <= 64) {
                    return out;
                }
                dpkg.destroy();
            } catch (IOException | RuntimeException e) {
                // not on Debian: the build's own version
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return current();
        }
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // fall through: a build without the stamp is a development build
        }
        return "dev";
    }
}

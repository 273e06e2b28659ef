package vn.communeradio.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, as stamped by Maven. */
public final class Version {

    private Version() {
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

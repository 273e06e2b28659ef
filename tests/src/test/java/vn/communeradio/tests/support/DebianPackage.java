package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** The .deb that {@code packaging/} built ({@code mvn package}), read with Debian's own dpkg-deb. */
public final class DebianPackage {

    public static final Path TARGET = Path.of(System.getProperty("repo.root", ".."), "packaging", "target")
            .toAbsolutePath().normalize();

    private DebianPackage() {
    }

    /** The newest commune-radio_*_all.deb in packaging/target; fails saying how to build it when there is none. */
    public static Path file() throws IOException {
        try (Stream<Path> files = Files.exists(TARGET) ? Files.list(TARGET) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().matches("commune-radio_.+_all\\.deb"))
                    .max(Comparator.comparing(f -> f.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no commune-radio_*_all.deb in " + TARGET
                            + ": build it with mvn -B package -DskipTests -pl hal,gateway,packaging"));
        }
    }

    /** One field of the control file, as dpkg-deb --field prints it. */
    public static String field(String name) throws IOException, InterruptedException {
        return Command.ok("dpkg-deb", "--field", file().toString(), name).strip();
    }

    /** A change to an unpacked package tree (its root; DEBIAN/ holds the control files). */
    public interface TreeChange {
        void apply(Path tree) throws IOException;
    }

    /**
     * {@code deb} rebuilt as version {@code VERSION+suffix} with {@code change} made to its tree (dpkg-deb -R, then
     * -b): how a test makes the next version of the package, or a broken one, from the one that was built.
     */
    public static Path rebuilt(Path deb, Path dir, String suffix, TreeChange change)
            throws IOException, InterruptedException {
        Path tree = Files.createDirectories(dir).resolve("tree-" + suffix);
        Command.ok("dpkg-deb", "-R", deb.toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^(Version: .*)$", "$1+" + suffix));
        change.apply(tree);
        Path rebuilt = dir.resolve("commune-radio-" + suffix + ".deb");
        Command.ok("dpkg-deb", "--root-owner-group", "-b", tree.toString(), rebuilt.toString());
        return rebuilt;
    }

    /** The SHA-256 of a package file in hex, as an update command names it. */
    public static String sha256(Path deb) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(deb)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Unpacks the data into {@code dir} (dpkg-deb -x). */
    public static Path extract(Path dir) throws IOException, InterruptedException {
        Command.ok("dpkg-deb", "-x", file().toString(), dir.toString());
        return dir;
    }
}

package vn.communeradio.gateway.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import vn.communeradio.gateway.ExitStatus;
import vn.communeradio.gateway.command.Pem;

/**
 * {@code commune-radio keygen}: an Ed25519 key pair as the PEM files OpenSSL writes, the private half readable
 * by its owner only. Never overwrites: replacing a key that stations already trust would lock its sender out.
 */
public final class Keygen {

    static final String HELP = """
            Usage: commune-radio keygen --kid NAME --out DIR

            Makes an Ed25519 key pair for signing commands:
              DIR/NAME.key  the private key (PKCS#8 PEM, mode 0600): keep it on the sending machine only
              DIR/NAME.pem  the public key (SPKI PEM): install it in the stations' keys directory
                            (security.keys); NAME becomes the key id stations know it by
            DIR is created if missing. Existing files are never overwritten.
            Both files are what OpenSSL writes (openssl genpkey -algorithm ed25519; openssl pkey -pubout).

            Options:
              --kid NAME  key id, 1-64 characters of A-Z a-z 0-9 . _ -
              --out DIR   where to write the two files
            Exit status: 0 written, 2 bad arguments, existing files or a write error (nothing is left behind).
            """;

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> WORLD_READABLE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private Keygen() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return ExitStatus.OK;
        }
        try {
            Options options = Options.parse("keygen", args, Set.of("--kid", "--out"), Set.of());
            String kid = options.required("keygen", "--kid");
            if (!Names.isName(kid)) {
                throw new UsageException("keygen: --kid '" + Names.printable(kid)
                        + "' must be 1-64 characters of A-Z a-z 0-9 . _ - (it becomes a file name and the key id)");
            }
            Path dir = Path.of(options.required("keygen", "--out"));
            Path privateFile = dir.resolve(kid + ".key");
            Path publicFile = dir.resolve(kid + ".pem");
            write(dir, privateFile, publicFile);
            out.println("wrote " + privateFile + " (private: keep it here, mode 0600)");
            out.println("wrote " + publicFile + " (public: copy it into each station's keys directory)");
            return ExitStatus.OK;
        } catch (UsageException e) {
            err.println(e.getMessage());
            return ExitStatus.USAGE;
        }
    }

    private static void write(Path dir, Path privateFile, Path publicFile) throws UsageException {
        for (Path file : List.of(privateFile, publicFile)) {
            if (Files.exists(file)) {
                throw new UsageException("keygen: " + file + " already exists; refusing to overwrite a key "
                        + "(choose another --kid, or move the old files away first)");
            }
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new UsageException("keygen: this Java has no Ed25519 (Java 15 or later is needed)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("keygen: --out " + dir + " is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("keygen: cannot create directory " + dir + ": " + Failures.describe(e));
        }
        // CREATE_NEW with the mode given at creation: the private key is never readable by others, not even
        // for an instant, and a file that appeared since the check above is still not overwritten
        create(privateFile, Pem.write(pair.getPrivate()), OWNER_ONLY);
        try {
            create(publicFile, Pem.write(pair.getPublic()), WORLD_READABLE);
        } catch (UsageException e) {
            try {
                Files.deleteIfExists(privateFile); // half a key pair is of no use to anyone
            } catch (IOException ignored) {
                // the message below still says what went wrong
            }
            throw e;
        }
    }

    private static void create(Path file, String pem, FileAttribute<Set<PosixFilePermission>> mode)
            throws UsageException {
        try {
            Files.createFile(file, mode);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException("keygen: " + file + " already exists; refusing to overwrite a key");
        } catch (IOException | UnsupportedOperationException e) {
            throw new UsageException("keygen: cannot create " + file + ": " + Failures.describe(e));
        }
        try {
            Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file); // an empty or cut key file would only confuse later
            } catch (IOException ignored) {
                // the message below still says what went wrong
            }
            throw new UsageException("keygen: cannot write " + file + ": " + Failures.describe(e));
        }
    }
}

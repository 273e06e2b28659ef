package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A throw-away PKI made with OpenSSL for one test: CAs and certificates (EC P-256; keys in PKCS#8 PEM, as the
 * station reads them), in a folder readable by a broker that drops to its own user.
 */
public final class TestPki {

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    public static TestPki create() throws IOException {
        Path dir = Files.createTempDirectory("pki-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new TestPki(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path cert(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    /** A self-signed CA {@code CN=name}. */
    public TestPki ca(String name) throws IOException, InterruptedException {
        newKey(name);
        OpenSsl.run(dir, "req", "-x509", "-new", "-key", name + ".key", "-days", "2", "-subj", "/CN=" + name,
                "-out", name + ".crt");
        return readable(name);
    }

    /** A certificate {@code CN=name} signed by {@code ca}, with X.509v3 {@code extensions} (openssl syntax). */
    public TestPki leaf(String name, String ca, String extensions) throws IOException, InterruptedException {
        newKey(name);
        OpenSsl.run(dir, "req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        OpenSsl.run(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
        return readable(name);
    }

    private void newKey(String name) throws IOException, InterruptedException {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
    }

    private TestPki readable(String name) throws IOException {
        for (Path file : new Path[] {cert(name), key(name)}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return this;
    }
}

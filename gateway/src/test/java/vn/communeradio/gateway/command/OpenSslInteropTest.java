package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.gateway.command.Fixture.TARGET;
import static vn.communeradio.gateway.command.Fixture.args;
import static vn.communeradio.gateway.command.Verdicts.accepted;
import static vn.communeradio.gateway.command.Verdicts.rejected;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.hal.RealPart;

/** Tokens and keys made by OpenSSL work with the station, and the station's work with OpenSSL. */
class OpenSslInteropTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @TempDir
    Path root;
    private Path work;
    private Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        RealPart.require(openssl("version").exit == 0, "openssl is not installed",
                "apt-get install openssl (scripts/setup-debian installs it)");
        f = new Fixture(root);
        work = Files.createDirectories(root.resolve("openssl"));
    }

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private static void ok(Result result) {
        assertEquals(0, result.exit, result.output);
    }

    @Test
    void aJwtSignedByOpenSslWithAnOpenSslKeyIsAccepted() throws Exception {
        Path key = work.resolve("district-090.key.pem");
        ok(openssl("genpkey", "-algorithm", "ed25519", "-out", key.toString()));
        ok(openssl("pkey", "-in", key.toString(), "-pubout", "-out", f.keysDir.resolve("district-090.pem").toString()));
        f.nanos.addAndGet(2_000_000_000L); // the keys directory is re-read on the next lookup

        String header = "{\"alg\":\"EdDSA\",\"kid\":\"district-090\",\"typ\":\"JWT\"}";
        String claims = Json.write(f.claims("play", args("source", "http://radio.example/news.mp3", "priority", "high")));
        String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Path input = Files.writeString(work.resolve("signing-input"), signingInput, StandardCharsets.US_ASCII);
        Path sig = work.resolve("sig");
        ok(openssl("pkeyutl", "-sign", "-rawin", "-inkey", key.toString(), "-in", input.toString(), "-out", sig.toString()));
        String token = signingInput + "." + B64.encodeToString(Files.readAllBytes(sig));

        Outcome.Accepted ok = accepted(f.verify(token));
        assertEquals("district-090", ok.envelope().kid());
        assertEquals(Priority.HIGH, ((Play) ok.command()).priority());

        // the OpenSSL private key reads in Java and signs the same way (Ed25519 is deterministic)
        CommandSigner javaSigner = new CommandSigner("district-090", Pem.readPrivateKey(Files.readString(key)));
        String javaSigned = javaSigner.sign(f.claims("ping", null));
        accepted(f.verify(javaSigned));
    }

    @Test
    void aJwtFromCommandSignerVerifiesWithOpenSsl() throws Exception {
        KeyPair pair = Fixture.generate();
        Path publicPem = Files.writeString(work.resolve("pub.pem"), Pem.write(pair.getPublic()));
        String token = new CommandSigner("district-058", pair.getPrivate())
                .sign(f.claims("volume", args("level", 55L)));
        int dot = token.lastIndexOf('.');
        Path input = Files.writeString(work.resolve("input"), token.substring(0, dot), StandardCharsets.US_ASCII);
        Path sig = Files.write(work.resolve("sig"), Base64.getUrlDecoder().decode(token.substring(dot + 1)));

        Result verified = openssl("pkeyutl", "-verify", "-pubin", "-inkey", publicPem.toString(), "-rawin",
                "-in", input.toString(), "-sigfile", sig.toString());
        ok(verified);
        assertTrue(verified.output.contains("Signature Verified Successfully"), verified.output);

        Files.writeString(input, token.substring(0, dot - 1) + "A", StandardCharsets.US_ASCII);
        assertNotEquals(0, openssl("pkeyutl", "-verify", "-pubin", "-inkey", publicPem.toString(), "-rawin",
                "-in", input.toString(), "-sigfile", sig.toString()).exit);
    }

    @Test
    void pemFilesAreWhatOpenSslWritesAndReads() throws Exception {
        KeyPair pair = Fixture.generate();
        Path privatePem = Files.writeString(work.resolve("java.key.pem"), Pem.write(pair.getPrivate()));
        // OpenSSL reads our private key and derives exactly the public PEM we write
        Path derived = work.resolve("derived.pem");
        ok(openssl("pkey", "-in", privatePem.toString(), "-pubout", "-out", derived.toString()));
        assertEquals(Pem.write(pair.getPublic()), Files.readString(derived));
        // and OpenSSL's own private key file is byte for byte what we would write for it
        Path opensslKey = work.resolve("openssl.key.pem");
        ok(openssl("genpkey", "-algorithm", "ed25519", "-out", opensslKey.toString()));
        assertEquals(Files.readString(opensslKey), Pem.write(Pem.readPrivateKey(Files.readString(opensslKey))));
    }

    @Test
    void aTokenSignedByOpenSslWithAnUntrustedKeyIsRefused() throws Exception {
        Path key = work.resolve("other.key.pem");
        ok(openssl("genpkey", "-algorithm", "ed25519", "-out", key.toString()));
        String signingInput = B64.encodeToString("{\"alg\":\"EdDSA\",\"kid\":\"district-058\"}".getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(Json.write(f.claims("ping", null)).getBytes(StandardCharsets.UTF_8));
        Path input = Files.writeString(work.resolve("in"), signingInput);
        Path sig = work.resolve("sig");
        ok(openssl("pkeyutl", "-sign", "-rawin", "-inkey", key.toString(), "-in", input.toString(), "-out", sig.toString()));
        rejected(f.verifier.verify((signingInput + "." + B64.encodeToString(Files.readAllBytes(sig)))
                .getBytes(StandardCharsets.US_ASCII), TARGET, false), RejectCode.BAD_SIGNATURE,
                "signature does not verify with key 'district-058'");
    }
}

package vn.communeradio.tests.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.command.CommandTimes;
import vn.communeradio.gateway.command.CommandVerifier;
import vn.communeradio.gateway.command.Outcome;
import vn.communeradio.gateway.command.Pem;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.command.ReplayWindow;
import vn.communeradio.gateway.command.SenderClocks;
import vn.communeradio.gateway.command.StationClock;
import vn.communeradio.gateway.command.TrustedKeys;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.tests.support.SigningKeys;

/**
 * A station's command security as the service builds it (real key files, replay window and clock state on disk),
 * with three trusted keys (plain, emergency, admin) and real signed commands as seeds. State lives on tmpfs when
 * there is one, because every accepted command is fsynced.
 */
final class StationSecurity {

    static final String STATION = "bk-0001";
    static final String TARGET = "station/" + STATION;
    static final long NOW = 1_764_300_000L;
    static final List<String> KIDS = List.of("district-058", "province-alert", "ops-admin");

    private final Path root;
    private final Path stateDir;
    private final SigningKeys keys;
    private final List<CommandSigner> signers = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private TrustedKeys trusted;
    private CommandTimes times;
    private ReplayWindow replay;

    StationSecurity() throws IOException, GeneralSecurityException {
        Path shm = Path.of("/dev/shm");
        root = Files.isWritable(shm) ? Files.createTempDirectory(shm, "fuzz-station") : Files.createTempDirectory("fuzz-station");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
        stateDir = Files.createDirectories(root.resolve("state"));
        keys = new SigningKeys(root.resolve("keys"));
        for (String kid : KIDS) {
            signers.add(keys.create(kid));
        }
        restart();
    }

    /** Starts from empty state again: after an accepted {@code keys} command changed what is trusted. */
    void restart() throws IOException {
        try (var files = Files.list(stateDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        trusted = new TrustedKeys(keys.dir(), stateDir, Set.of("province-alert"), Set.of("ops-admin"), nanos::get);
        StationClock stationClock = new StationClock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC),
                nanos::get, () -> true, () -> true, stateDir);
        times = new CommandTimes(stationClock, new SenderClocks(stateDir, nanos::get), 30);
    }

    /**
     * A verifier with an empty replay window, so that a mutated command reuses its seed's jti and still reaches
     * the argument checks. Its rate limit never bites: each call to the limiter's clock is a second later.
     */
    CommandVerifier freshVerifier() throws IOException {
        if (replay != null) {
            replay.close();
        }
        Files.deleteIfExists(stateDir.resolve(ReplayWindow.FILE));
        replay = new ReplayWindow(stateDir, 30, 1000);
        return new CommandVerifier(trusted, replay, times, STATION, List.of("hn-district-1"), 16384, 1000,
                () -> nanos.addAndGet(1_000_000_000L));
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + root + ": " + e);
        }
    }

    CommandSigner signer(int index) {
        return signers.get(Math.floorMod(index, signers.size()));
    }

    /** {@code claimsJson} exactly as given, signed by trusted key {@code index}: a compact JWS. */
    byte[] sign(int index, byte[] claimsJson) throws GeneralSecurityException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"EdDSA\",\"kid\":\"" + KIDS.get(Math.floorMod(index, KIDS.size()))
                + "\"}").getBytes(StandardCharsets.UTF_8));
        String input = header + "." + b64.encodeToString(claimsJson);
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(keys.pair(KIDS.get(Math.floorMod(index, KIDS.size()))).getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return (input + "." + b64.encodeToString(s.sign())).getBytes(StandardCharsets.US_ASCII);
    }

    /** Claims of real commands of every kind, as the operator's tool writes them. */
    List<Map<String, Object>> seedClaims() throws GeneralSecurityException {
        String pem = Pem.write(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
        List<Map<String, Object>> seeds = new ArrayList<>();
        seeds.add(claims("play", Map.of("source", "tone:440")));
        seeds.add(claims("play", parse("{\"source\":[\"http://a.example/x.mp3\",\"file:///var/lib/x.mp3\",\"tone:440\"],"
                + "\"mode\":\"file\",\"priority\":\"high\",\"session\":\"flood-2025:1\",\"volume\":0,\"zones\":[2,1],"
                + "\"duration_s\":600,\"start_at\":1764300000,\"sha256\":\"" + "ab".repeat(32) + "\"}")));
        seeds.add(claims("play", parse("{\"source\":\"https://r.example/live\",\"priority\":\"emergency\"}")));
        seeds.add(claims("stop", Map.of("session", "s-1")));
        seeds.add(claims("stop", null));
        seeds.add(claims("volume", parse("{\"level\":0,\"zones\":[3]}")));
        seeds.add(claims("ping", null));
        seeds.add(claims("schedule", parse("{\"op\":\"put\",\"items\":[{\"id\":\"news-am\",\"days\":[\"mon\",\"wed\","
                + "\"fri\"],\"at\":\"06:30\",\"source\":\"http://r.example/news.mp3\",\"mode\":\"file\",\"duration_s\":900,"
                + "\"priority\":\"high\",\"zones\":[1,2],\"volume\":60,\"from\":\"2025-12-01\",\"until\":\"2026-03-31\"}]}")));
        seeds.add(claims("schedule", parse("{\"op\":\"delete\",\"ids\":[\"news-am\"]}")));
        seeds.add(claims("keys", Map.of("op", "add", "kid", "new-key", "pem", pem, "max_priority", "high")));
        seeds.add(claims("keys", Map.of("op", "revoke", "kid", "old-key")));
        return seeds;
    }

    private static Map<String, Object> claims(String cmd, Map<String, ?> args) {
        return CommandSigner.claims("cmd-" + cmd, "district-058 operator", TARGET, NOW, NOW + 300, cmd, args);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return (Map<String, Object>) Json.parse(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    /**
     * The invariant of the command path: an acceptance, or a rejection with a code; never the verifier's catch-all
     * for an exception it did not foresee (which it reports as internal, and which is a bug to fix).
     */
    static void assertClean(Outcome outcome) {
        if (outcome instanceof Outcome.Rejected r) {
            if (r.rejection().code() == null) {
                throw new AssertionError("a rejection without a code");
            }
            if (r.rejection().code() == RejectCode.INTERNAL
                    && r.rejection().reason().startsWith("the command could not be processed")) {
                throw new AssertionError("the verifier met an exception it did not foresee: " + r.rejection().reason());
            }
        } else if (!(outcome instanceof Outcome.Accepted)) {
            throw new AssertionError("verify returned " + outcome);
        }
    }
}

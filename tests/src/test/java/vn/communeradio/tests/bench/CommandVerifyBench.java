package vn.communeradio.tests.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
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

/**
 * How many commands a second one core can verify or refuse. Not a test: run it by hand, pinned to one core,
 * with the state directory on the board's real storage and on tmpfs to separate crypto from fsync:
 *
 * <pre>taskset -c 0 java -cp ... vn.communeradio.tests.bench.CommandVerifyBench [state-dir-parent]</pre>
 */
public final class CommandVerifyBench {

    private static final String STATION = "bench-1";
    private static final String TARGET = "station/" + STATION;

    private CommandVerifyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path parent = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
        Path root = Files.createTempDirectory(parent, "verify-bench");
        Path keysDir = Files.createDirectories(root.resolve("keys"));
        KeyPair district = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(keysDir.resolve("district-058.pem"), Pem.write(district.getPublic()));
        CommandSigner signer = new CommandSigner("district-058", district.getPrivate());
        CommandSigner forger = new CommandSigner("district-058", stranger.getPrivate());
        CommandSigner unknown = new CommandSigner("nobody", stranger.getPrivate());
        long now = System.currentTimeMillis() / 1000;

        // the rate limit is measured on its own; elsewhere a fake clock gives every call a token
        long[] fakeNanos = {0};
        LongSupplier generous = () -> fakeNanos[0] += 1_000_000_000L;
        CommandVerifier verifier = verifier(root.resolve("state"), keysDir, 100_000, generous);

        String forged = forger.sign(claims("forged", now, "play"));
        String unknownKey = unknown.sign(claims("unknown", now, "play"));
        byte[] garbage = "x".repeat(2000).getBytes(StandardCharsets.US_ASCII);
        int validCount = 20_000;
        List<byte[]> valid = new ArrayList<>(validCount);
        for (int i = 0; i < validCount; i++) {
            valid.add(signer.sign(claims("valid-" + i, now, "play")).getBytes(StandardCharsets.US_ASCII));
        }

        measure("forged signature (bad_signature)", verifier, forged.getBytes(StandardCharsets.US_ASCII),
                RejectCode.BAD_SIGNATURE);
        measure("unknown key (unknown_key)", verifier, unknownKey.getBytes(StandardCharsets.US_ASCII),
                RejectCode.UNKNOWN_KEY);
        measure("garbage (malformed)", verifier, garbage, RejectCode.MALFORMED);
        CommandVerifier limited = verifier(root.resolve("state-limited"), keysDir, 50, System::nanoTime);
        measure("flood past the rate limit (rate_limited)", limited, forged.getBytes(StandardCharsets.US_ASCII),
                RejectCode.RATE_LIMITED);

        // valid commands: each accepted once (unique jti), so each costs a replay-window append with fsync
        long start = System.nanoTime();
        int accepted = 0;
        for (byte[] token : valid) {
            if (verifier.verify(token, TARGET, false) instanceof Outcome.Accepted) {
                accepted++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-45s %10.0f /s  (%d accepted, state dir %s)%n", "valid play, accepted and persisted",
                accepted / seconds, accepted, root);
        // the same tokens again: signature checked, then refused as replays (crypto without fsync)
        measureAll("valid signature, replayed (replay)", verifier, valid);
    }

    private static CommandVerifier verifier(Path stateDir, Path keysDir, int perSecond, LongSupplier nanos)
            throws Exception {
        Files.createDirectories(stateDir);
        TrustedKeys keys = new TrustedKeys(keysDir, stateDir, Set.of(), Set.of(), nanos);
        ReplayWindow replay = new ReplayWindow(stateDir, 30, ReplayWindow.DEFAULT_CAPACITY);
        StationClock clock = new StationClock(Clock.systemUTC(), System::nanoTime, () -> true, () -> true, stateDir);
        CommandTimes times = new CommandTimes(clock, new SenderClocks(stateDir, System::nanoTime), 30);
        return new CommandVerifier(keys, replay, times, STATION, List.of(), 16384, perSecond, nanos);
    }

    private static Map<String, Object> claims(String jti, long now, String cmd) {
        return CommandSigner.claims(jti, "bench", TARGET, now, now + 3600, cmd,
                Map.of("source", "http://radio.example/live.mp3", "priority", "normal"));
    }

    private static void measure(String name, CommandVerifier verifier, byte[] payload, RejectCode expected) {
        for (int i = 0; i < 5_000; i++) { // warm-up
            verifier.verify(payload, TARGET, false);
        }
        long start = System.nanoTime();
        long deadline = start + 2_000_000_000L;
        long count = 0;
        long asExpected = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 100; i++) {
                if (verifier.verify(payload, TARGET, false) instanceof Outcome.Rejected r
                        && r.rejection().code() == expected) {
                    asExpected++;
                }
            }
            count += 100;
        }
        System.out.printf("%-45s %10.0f /s  (%.2f%% %s)%n", name, count / ((System.nanoTime() - start) / 1e9),
                100.0 * asExpected / count, expected.wire());
    }

    private static void measureAll(String name, CommandVerifier verifier, List<byte[]> payloads) {
        long start = System.nanoTime();
        for (byte[] p : payloads) {
            verifier.verify(p, TARGET, false);
        }
        System.out.printf("%-45s %10.0f /s%n", name, payloads.size() / ((System.nanoTime() - start) / 1e9));
    }
}

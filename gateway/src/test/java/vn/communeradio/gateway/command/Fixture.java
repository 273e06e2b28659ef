package vn.communeradio.gateway.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A station's command security with real keys on disk, a settable clock and a settable sync marker: what the
 * service builds from its configuration, minus the MQTT link.
 */
final class Fixture implements AutoCloseable {

    static final String STATION = "bk-0001";
    static final String TARGET = "station/" + STATION;
    static final long START = 1_764_300_000L; // 2025-11-28

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        final AtomicLong millis;

        ManualClock(long epochSeconds) {
            millis = new AtomicLong(epochSeconds * 1000);
        }

        void set(long epochSeconds) {
            millis.set(epochSeconds * 1000);
        }

        void advance(long seconds) {
            millis.addAndGet(seconds * 1000);
        }

        long seconds() {
            return millis.get() / 1000;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    final Path keysDir;
    final Path stateDir;
    final ManualClock systemClock = new ManualClock(START);
    volatile boolean synced = true;
    final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    final KeyPair district = generate();
    final KeyPair emergency = generate();
    final KeyPair admin = generate();
    final KeyPair stranger = generate();
    final KeyPair release = generate();
    final CommandSigner districtSigner = new CommandSigner("district-058", district.getPrivate());
    final CommandSigner emergencySigner = new CommandSigner("province-alert", emergency.getPrivate());
    final CommandSigner adminSigner = new CommandSigner("ops-admin", admin.getPrivate());
    final CommandSigner releaseSigner = new CommandSigner("province-release", release.getPrivate());
    private final AtomicInteger jtis = new AtomicInteger();
    TrustedKeys keys;
    ReplayWindow replay;
    StationClock clock;
    SenderClocks senders;
    CommandTimes times;
    CommandVerifier verifier;

    Fixture(Path root) throws IOException {
        this(root, 1000, ReplayWindow.DEFAULT_CAPACITY);
    }

    Fixture(Path root, int maxPerSecond, int replayCapacity) throws IOException {
        keysDir = Files.createDirectories(root.resolve("keys"));
        stateDir = Files.createDirectories(root.resolve("state"));
        writeKey("district-058", district);
        writeKey("province-alert", emergency);
        writeKey("ops-admin", admin);
        writeKey("province-release", release);
        start(maxPerSecond, replayCapacity);
    }

    /** (Re)builds everything from the directories, as a service start does. */
    void start(int maxPerSecond, int replayCapacity) {
        if (replay != null) {
            replay.close();
        }
        keys = new TrustedKeys(keysDir, stateDir, Set.of("province-alert"), Set.of("ops-admin"),
                Set.of("province-release", "added-release"), nanos::get);
        replay = new ReplayWindow(stateDir, 30, replayCapacity);
        clock = new StationClock(systemClock, nanos::get, () -> synced, () -> synced, stateDir);
        senders = new SenderClocks(stateDir, nanos::get);
        times = new CommandTimes(clock, senders, 30);
        verifier = new CommandVerifier(keys, replay, times, STATION, List.of("hn-district-1", "hn"), 16384,
                maxPerSecond, nanos::get);
    }

    void restart() {
        start(1000, ReplayWindow.DEFAULT_CAPACITY);
    }

    void writeKey(String kid, KeyPair pair) throws IOException {
        Files.writeString(keysDir.resolve(kid + ".pem"), Pem.write(pair.getPublic()), StandardCharsets.US_ASCII);
    }

    String nextJti() {
        return "cmd-" + jtis.incrementAndGet();
    }

    /** Claims for {@code cmd} to this station, issued now by the system clock, valid 5 minutes. */
    Map<String, Object> claims(String cmd, Map<String, ?> args) {
        long now = systemClock.seconds();
        return CommandSigner.claims(nextJti(), "district-058 operator", TARGET, now, now + 300, cmd, args);
    }

    static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    Outcome verify(String token) {
        return verifier.verify(token.getBytes(StandardCharsets.US_ASCII), TARGET, false);
    }

    Outcome verify(CommandSigner signer, Map<String, ?> claims) {
        return verify(signer.sign(claims));
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        replay.close();
    }
}

package vn.communeradio.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import vn.communeradio.gateway.command.CommandSigner;

/**
 * What a station under test connects to: a private Mosquitto, the central side on it ({@link Central}), the
 * district and province keys it signs with (the stations' trusted-keys directory holds their public halves) and,
 * for tests that play streams and files, a {@link StreamServer} on loopback with a directory for the audio they
 * encode. One per test class (or per test, where a test stops the broker); closed as one.
 */
public record ControlRoom(Mosquitto broker, Central central, SigningKeys keys, CommandSigner district,
                          CommandSigner province, StreamServer streams, Path media) implements AutoCloseable {

    /** A broker, a central on it and the keys, in {@code dir} (a test's or a class's temporary directory). */
    public static ControlRoom start(Path dir) throws Exception {
        return start(dir, "", false);
    }

    /**
     * The same with {@code brokerConfig} added to the broker's configuration ({@link Mosquitto#start(String)}): a
     * small per-client queue, a log level a test reads.
     */
    public static ControlRoom start(Path dir, String brokerConfig) throws Exception {
        return start(dir, brokerConfig, false);
    }

    /** The same with a {@link StreamServer} and a directory {@code media} for the audio a test makes. */
    public static ControlRoom startServing(Path dir) throws Exception {
        return start(dir, "", true);
    }

    /** On failure closes what it opened, so that a test class whose set-up failed leaves no broker running. */
    private static ControlRoom start(Path dir, String brokerConfig, boolean serving) throws Exception {
        Mosquitto broker = null;
        Central central = null;
        StreamServer streams = null;
        try {
            broker = Mosquitto.start(brokerConfig);
            central = new Central(broker.url());
            SigningKeys keys = new SigningKeys(dir.resolve("keys"));
            CommandSigner district = keys.create("district");
            CommandSigner province = keys.create("province");
            Path media = null;
            if (serving) {
                streams = StreamServer.start();
                media = Files.createDirectories(dir.resolve("media"));
            }
            return new ControlRoom(broker, central, keys, district, province, streams, media);
        } catch (Throwable failure) {
            try {
                closeAll(central, streams, broker);
            } catch (Throwable closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
    }

    @Override
    public StreamServer streams() {
        if (streams == null) {
            throw new IllegalStateException("this control room serves no streams: start it with startServing");
        }
        return streams;
    }

    @Override
    public Path media() {
        streams();
        return media;
    }

    /** A station id no other test of the run uses: {@code prefix-} and eight hex digits. */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A station on this room's broker trusting its keys, in {@code dir}, with {@code extraConfig}; not started. */
    public StationUnderTest station(String id, Path dir, String extraConfig) throws Exception {
        return new StationUnderTest(id, dir, broker.url(), keys.dir(), extraConfig);
    }

    /**
     * A station with an id no other test uses ({@link #uniqueId}), in {@code dir}'s folder of that name, its speakers
     * written to {@code speakers.wav} there ({@link StationUnderTest#speakers}), with {@code extraConfig}; not started.
     */
    public StationUnderTest stationOnWav(String prefix, Path dir, String extraConfig) throws Exception {
        String id = uniqueId(prefix);
        Path home = dir.resolve(id);
        return new StationUnderTest(id, home, broker.url(), keys.dir(), home.resolve("speakers.wav"), extraConfig);
    }

    /** Starts {@code station} and waits until the central has seen it online. */
    public StationUnderTest startOnline(StationUnderTest station) throws Exception {
        station.start();
        awaitOnline(station.id());
        return station;
    }

    /** Waits until the central has seen station {@code id} online (its retained state). */
    public void awaitOnline(String id) throws InterruptedException {
        central.awaitState(id, "\"online\":true");
    }

    /**
     * This room with a new central on its broker, the old one closed: after the broker restarted, for a test that
     * wants a central whose client connected afresh.
     */
    public ControlRoom withNewCentral() throws Exception {
        central.close();
        return new ControlRoom(broker, new Central(broker.url()), keys, district, province, streams, media);
    }

    /** Central first (its client disconnects cleanly), then the stream server, then the broker. */
    @Override
    public void close() throws Exception {
        closeAll(central, streams, broker);
    }

    /**
     * Closes each that is not null, in this order, even when one before it throws; the first failure is thrown with
     * the others suppressed in it (try-with-resources closes in reverse order of declaration).
     */
    private static void closeAll(Central central, StreamServer streams, Mosquitto broker) throws Exception {
        try (Mosquitto third = broker; StreamServer second = streams; Central first = central) {
            // nothing to do but close
        }
    }
}

package vn.communeradio.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.station.ConfiguredHardware;
import vn.communeradio.gateway.station.Station;
import vn.communeradio.hal.audio.Spectrum;
import vn.communeradio.hal.audio.WavFile;
import vn.communeradio.hal.clock.Clocks;
import vn.communeradio.hal.gpio.RelayChange;
import vn.communeradio.hal.gpio.SimulatedRelays;

/**
 * The real station code run inside the test JVM, so that its simulated relays' switch log (each change with its
 * time) can be read next to the acks: simulated GPIO, WAV sink, 2 zones, trusted clock. For what only a separate
 * process can show (kill -9, the packaged jar), use {@link StationUnderTest}.
 */
public final class LocalStation implements AutoCloseable {

    public static final int RATE = 48_000;

    private final String id;
    private final Path wav;
    private final Station station;

    private LocalStation(String id, Path wav, Station station) {
        this.id = id;
        this.wav = wav;
        this.station = station;
    }

    /** Starts a station {@code id} under {@code dir}; {@code extra} are config keys and values, in pairs. */
    public static LocalStation start(String id, Path dir, String brokerUrl, Path keysDir, String... extra)
            throws Exception {
        return start(id, dir, brokerUrl, keysDir, Clocks.SYSTEM, extra);
    }

    /** As {@link #start(String, Path, String, Path, String...)}, on the test's {@code clocks}. */
    public static LocalStation start(String id, Path dir, String brokerUrl, Path keysDir, Clocks clocks,
                                     String... extra) throws Exception {
        Files.createDirectories(dir);
        Path wav = dir.resolve("speakers.wav");
        Map<String, String> raw = new HashMap<>();
        raw.put("station.id", id);
        raw.put("mqtt.url", brokerUrl);
        raw.put("mqtt.keepalive_s", "5");
        raw.put("security.keys", keysDir.toString());
        raw.put("security.emergency_keys", "province");
        raw.put("security.admin_keys", "admin");
        raw.put("clock.sync_marker", "always");
        raw.put("hal.gpio", "sim");
        raw.put("hal.audio", "wav:" + wav);
        raw.put("audio.sample_rate", String.valueOf(RATE));
        raw.put("relay.zones", "2");
        raw.put("state.dir", dir.resolve("state").toString());
        raw.put("status.log_interval_s", "0");
        for (int i = 0; i < extra.length; i += 2) {
            raw.put(extra[i], extra[i + 1]);
        }
        return new LocalStation(id, wav, Station.start(Config.parse(raw), new ConfiguredHardware(clocks),
                NativeDecoders.load()));
    }

    public String id() {
        return id;
    }

    public SimulatedRelays relays() {
        return (SimulatedRelays) station.hardware().relays();
    }

    /** Changes of one relay so far, oldest first. */
    public List<RelayChange> changes(String channel) {
        return relays().history().stream().filter(c -> c.channel().equals(channel)).toList();
    }

    /** The first change of {@code channel} to {@code on} at or after {@code since}. */
    public RelayChange awaitChange(String channel, boolean on, Instant since, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (RelayChange c : relays().history()) {
                if (c.channel().equals(channel) && c.on() == on && !c.at().isBefore(since)) {
                    return c;
                }
            }
            Thread.sleep(5); // polling the switch log: the simulated GPIO has no listener to await
        }
        throw new AssertionError("relay " + channel + " never went " + (on ? "on" : "off") + " after " + since
                + ": " + relays().history());
    }

    /** Stops the station (the WAV header is then exact) and returns the left channel the speakers got. */
    public float[] speakers() throws Exception {
        station.close();
        WavFile file = WavFile.read(wav);
        if (file.sampleRate() != RATE) {
            throw new AssertionError("WAV at " + file.sampleRate() + " Hz");
        }
        return Spectrum.channel(file, 0);
    }

    @Override
    public void close() {
        station.close();
    }
}

package vn.communeradio.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.logging.LogSetup;
import vn.communeradio.gateway.station.ConfiguredHardware;
import vn.communeradio.gateway.station.Station;
import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.audio.JackServer;
import vn.communeradio.hal.gpio.RelayChange;
import vn.communeradio.hal.gpio.SimulatedRelays;
import vn.communeradio.tests.support.DebianPackage;
import vn.communeradio.tests.support.JackRecorder;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.NativeDecoders;
import vn.communeradio.tests.support.Pipeline;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.TestAudio;

/**
 * Latency from a signed {@code play} of a file already in the media cache, published at a loopback Mosquitto,
 * to its first non-silent sample out of the station's JACK output (a private jackd, dummy backend, 48 kHz, 256
 * frames; a second JACK client notes when the first sound reaches it, timed to the frame). The whole path: MQTT,
 * Ed25519 check, control loop, relay sequence with the given warm-up (amplifier cold: idle hold 0), the cached
 * file opened and decoded, fade-in, mixer, JACK. The file (30 s of music-like audio, 128 kbps 44.1 kHz MP3 by
 * lame, so decoding and resampling are on the path) is fetched once from a loopback HTTP server before the
 * runs; every {@code play} names its {@code sha256}, as a central system sends it, so the server is asked again
 * never (without it, each play would first ask whether the file changed: docs/protocol.md). Each run is stopped at once; the next starts after the relays are off
 * and their minimum interval has passed, so that it never waits on it. Not a test: run
 * {@code tests/bench.sh FileStartBench [WARMUP_MS] [RUNS]} (default 0 and 100).
 */
public final class FileStartBench {

    private static final String STATION = "bench-file";
    private static final String CMD = "communeradio/v1/station/" + STATION + "/cmd";
    private static final int JIT_WARMUP_RUNS = 5;
    private static final Duration RELAY_MIN_INTERVAL = Duration.ofMillis(1000);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private FileStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int warmupMs = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = Files.createTempDirectory("file-start-bench");
        Path mp3File = TestAudio.mp3Cbr(TestAudio.musicWav(dir, "bulletin.wav", 30, 44_100), 128);
        byte[] mp3 = Files.readAllBytes(mp3File);
        // as a central system sends it: with the file's hash the cached copy cannot change, so no play asks the server
        String sha256 = DebianPackage.sha256(mp3File);
        try (Mosquitto broker = Mosquitto.start(); StreamServer files = StreamServer.start();
             JackServer jack = JackServer.start()) {
            files.serve("/bulletin.mp3", Reply.sized(mp3).contentType("audio/mpeg"));
            String source = files.uri("/bulletin.mp3").toString();
            SigningKeys keys = new SigningKeys(dir.resolve("keys"));
            CommandSigner signer = keys.create("district");
            Map<String, String> raw = new HashMap<>();
            raw.put("station.id", STATION);
            raw.put("mqtt.url", broker.url());
            raw.put("security.keys", keys.dir().toString());
            raw.put("clock.sync_marker", "always");
            raw.put("hal.audio", "jack");
            raw.put("audio.jack.server", jack.name());
            raw.put("audio.jack.client", "bench-station");
            raw.put("audio.jack.connect", "bench-ear:in_1,bench-ear:in_2");
            raw.put("playback.warmup_ms", String.valueOf(warmupMs));
            raw.put("playback.idle_hold_s", "0");
            raw.put("relay.min_interval_ms", String.valueOf(RELAY_MIN_INTERVAL.toMillis()));
            raw.put("state.dir", dir.resolve("state").toString());
            raw.put("status.log_interval_s", "0");
            raw.put("log.level", "warn");
            LogSetup.apply(Config.parse(raw));
            Station station = Station.start(Config.parse(raw), new ConfiguredHardware(), NativeDecoders.load());
            AudioOutput output = station.hardware().audio();
            // opened once the station's output runs: it selects the JACK server for the whole process
            Pipeline.await("the station's JACK output running", WAIT, () -> output.stats().running(), output::stats);
            try (JackRecorder ear = new JackRecorder("bench-ear", 0);
                 MqttTestClient central = new MqttTestClient(broker.url(),
                         "communeradio/v1/station/" + STATION + "/state")) {
                central.await(m -> m.payload().contains("\"online\":true"), Duration.ofSeconds(30));
                SimulatedRelays relays = (SimulatedRelays) station.hardware().relays();
                Run run = new Run(signer, central, relays, ear, source, sha256);
                run.once(0); // fetches the file into the cache
                List<Double> sound = new ArrayList<>();
                List<Double> amp = new ArrayList<>();
                List<Double> audio = new ArrayList<>();
                for (int i = 1; i <= JIT_WARMUP_RUNS + runs; i++) {
                    double[] ms = run.once(i);
                    if (i > JIT_WARMUP_RUNS) {
                        sound.add(ms[0]);
                        amp.add(ms[1]);
                        audio.add(ms[0] - ms[1]);
                    }
                }
                if (files.connections("/bulletin.mp3") != 1) {
                    throw new IllegalStateException("the file was requested " + files.connections("/bulletin.mp3")
                            + " times: not played from the cache");
                }
                Collections.sort(sound);
                Collections.sort(amp);
                Collections.sort(audio);
                System.out.printf("play of a cached 128 kbps MP3 -> first non-silent sample out of JACK (dummy, 48 kHz,"
                        + " %d frames), warm-up %d ms, %d runs (after %d)%n", JackServer.PERIOD_FRAMES, warmupMs,
                        sound.size(), JIT_WARMUP_RUNS);
                print("first sound", sound);
                print("amp relay on", amp);
                print("amp on -> sound", audio); // warm-up, zones, file open and decode, fade-in, JACK
            } finally {
                station.close();
                LogSetup.shutdown();
            }
        }
    }

    private static void print(String what, List<Double> sorted) {
        System.out.printf("  %-15s p50 %7.2f ms   p90 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n", what,
                CommandLatencyBench.pct(sorted, 50), CommandLatencyBench.pct(sorted, 90),
                CommandLatencyBench.pct(sorted, 99), sorted.get(sorted.size() - 1));
    }

    /** One play, measured, then stopped and the relays let rest. */
    private record Run(CommandSigner signer, MqttTestClient central, SimulatedRelays relays, JackRecorder ear,
                       String source, String sha256) {

        /** Returns {publish → first sound, publish → amplifier relay on} in milliseconds. */
        double[] once(int i) throws Exception {
            ear.rearm();
            int before = relays.history().size();
            long now = Instant.now().getEpochSecond();
            String play = signer.sign(CommandSigner.claims("p-" + i, "bench", "station/" + STATION, now, now + 60,
                    "play", Map.of("source", source, "mode", "file", "sha256", sha256, "session", "s")));
            Instant publishedAt = Instant.now();
            long published = System.nanoTime();
            central.publish(CMD, play, false);
            long deadline = published + WAIT.toNanos();
            while (!ear.heardSound()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no sound within " + WAIT + " of play " + i);
                }
                LockSupport.parkNanos(200_000); // the recorder stamps the sound itself: polling adds nothing
            }
            double soundMs = (ear.firstSoundNanos() - published) / 1e6;
            double ampMs = Duration.between(publishedAt,
                    awaitChange(relays, before, "amp", true).at()).toNanos() / 1e6;
            if (soundMs < 0) {
                throw new IllegalStateException("sound before the command (" + soundMs + " ms): the output was not"
                        + " silent when the run began");
            }
            int beforeStop = relays.history().size();
            String stop = signer.sign(CommandSigner.claims("s-" + i, "bench", "station/" + STATION, now, now + 60,
                    "stop", Map.of()));
            central.publish(CMD, stop, false);
            awaitChange(relays, beforeStop, "amp", false);
            // pacing, not synchronisation: the next amplifier switch-on must not wait on the relay's minimum interval
            Thread.sleep(RELAY_MIN_INTERVAL.toMillis() + 100);
            return new double[] {soundMs, ampMs};
        }
    }

    /** The first change of {@code channel} to {@code on} after the first {@code after} changes (spins: no wake-up). */
    static RelayChange awaitChange(SimulatedRelays relays, int after, String channel, boolean on)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<RelayChange> history = relays.history();
            for (int i = after; i < history.size(); i++) {
                RelayChange c = history.get(i);
                if (c.channel().equals(channel) && c.on() == on) {
                    return c;
                }
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("relay " + channel + " never went " + (on ? "on" : "off"));
    }
}

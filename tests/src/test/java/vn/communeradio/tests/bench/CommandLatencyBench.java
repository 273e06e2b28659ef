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
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.station.ConfiguredHardware;
import vn.communeradio.gateway.station.Station;
import vn.communeradio.hal.gpio.RelayChange;
import vn.communeradio.hal.gpio.SimulatedRelays;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.NativeDecoders;
import vn.communeradio.tests.support.SigningKeys;

/**
 * Latency from a signed {@code play} published at the broker to the amplifier relay switching (simulated GPIO,
 * which records each change with its time), on loopback with a real Mosquitto. Not a test: run
 * {@code tests/bench.sh CommandLatencyBench [iterations]}.
 */
public final class CommandLatencyBench {

    private CommandLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmup = 30;
        Path dir = Files.createTempDirectory("latency-bench");
        try (Mosquitto broker = Mosquitto.start()) {
            SigningKeys keys = new SigningKeys(dir.resolve("keys"));
            CommandSigner signer = keys.create("district");
            Map<String, String> raw = new HashMap<>();
            raw.put("station.id", "bench-1");
            raw.put("mqtt.url", broker.url());
            raw.put("security.keys", keys.dir().toString());
            raw.put("security.max_commands_per_s", "10000");
            raw.put("clock.sync_marker", "always");
            raw.put("playback.warmup_ms", "0");
            raw.put("playback.idle_hold_s", "0");
            raw.put("state.dir", dir.resolve("state").toString());
            raw.put("status.log_interval_s", "0");
            raw.put("log.level", "warn");
            vn.communeradio.gateway.logging.LogSetup.apply(Config.parse(raw));
            Station station = Station.start(Config.parse(raw), new ConfiguredHardware(), NativeDecoders.load());
            SimulatedRelays relays = (SimulatedRelays) station.hardware().relays();
            String cmd = "communeradio/v1/station/bench-1/cmd";
            try (MqttTestClient central = new MqttTestClient(broker.url(), "communeradio/v1/station/bench-1/state")) {
                central.await(m -> m.payload().contains("\"online\":true"), Duration.ofSeconds(30));
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < warmup + iterations; i++) {
                    int before = relays.history().size();
                    long now = Instant.now().getEpochSecond();
                    String token = signer.sign(CommandSigner.claims("p-" + i, "bench", "station/bench-1", now, now + 60,
                            "play", Map.of("source", "tone:1000", "session", "s")));
                    Instant published = Instant.now();
                    central.publish(cmd, token, false);
                    RelayChange ampOn = awaitChange(relays, before, "amp", true);
                    if (i >= warmup) {
                        millis.add(Duration.between(published, ampOn.at()).toNanos() / 1e6);
                    }
                    int beforeStop = relays.history().size();
                    String stop = signer.sign(CommandSigner.claims("s-" + i, "bench", "station/bench-1", now, now + 60,
                            "stop", Map.of()));
                    central.publish(cmd, stop, false);
                    awaitChange(relays, beforeStop, "amp", false);
                }
                Collections.sort(millis);
                System.out.printf("command published -> amp relay on, %d commands, loopback Mosquitto, TCP_NODELAY%n",
                        millis.size());
                System.out.printf("p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms%n", pct(millis, 50),
                        pct(millis, 90), pct(millis, 99), millis.get(millis.size() - 1));
            } finally {
                station.close();
                vn.communeradio.gateway.logging.LogSetup.shutdown();
            }
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

    static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}

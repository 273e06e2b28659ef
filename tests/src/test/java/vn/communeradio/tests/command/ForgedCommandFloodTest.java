package vn.communeradio.tests.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.ControlRoom;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.RunsAlone;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;
import vn.communeradio.tests.support.TestAudio.Tone;

/**
 * Thousands of forged commands a second (unsigned, garbage, wrong algorithm, unknown key; MQTT QoS 0 and 1, from
 * two real mosquitto_pub clients) at a station playing a live stream: the stream does not underrun, the service's
 * memory stays bounded, a real command sent during the flood is obeyed within seconds, the station's rejection
 * acks do not flood the broker back, and telemetry shows the flood.
 */
@RunsAlone
class ForgedCommandFloodTest {

    static final Duration FLOOD = Duration.ofSeconds(10);
    static final Duration REACHABLE = Duration.ofSeconds(5);
    /** The JVM flags recommended for a Pi-class board (docs/benchmarks.md): memory is judged within them. */
    static final String BOARD_JVM = "-XX:+UseSerialGC -Xmx32m -Xss256k";
    /** Per publishing client (two of them): 5,000 forged messages a second in all. */
    static final int RATE_PER_CLIENT = Integer.getInteger("flood.rate", 2_500);

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void aFloodOfForgedCommandsDoesNotDisturbAPlayingStation() throws Exception {
        try (ControlRoom room = ControlRoom.startServing(dir)) {
            Central central = room.central();
            central.client().subscribe(Central.PREFIX + "/station/+/telemetry");
            CommandSigner district = room.district();
            StreamServer server = room.streams();
            Path wav = TestAudio.wav(room.media(), "live.wav", new Tone(440, 0.5, 2, 44_100, 2));
            server.serve("/live.mp3", Reply.live(Files.readAllBytes(TestAudio.mp3CbrLoopable(wav, 128))).paced(16_000));

            try (StationUnderTest station = room.station("flood-1", dir.resolve("flood-1"),
                    "telemetry.interval_s = 5\n").start(Map.of("JAVA_TOOL_OPTIONS", BOARD_JVM))) {
                central.awaitState(station.id(), "\"online\":true");
                String play = central.send(district, station.id(), "play",
                        Map.of("source", server.uri("/live.mp3").toString()));
                central.awaitAck(station.id(), play, "started");
                Map<String, Object> before = telemetryAfter(central, station.id(), System.currentTimeMillis());
                long rssBefore = rssKb(station.process().pid());

                List<String> forged = forgeries(station.id());
                String topic = Central.PREFIX + "/station/" + station.id() + "/cmd";
                long floodStart = System.currentTimeMillis();
                Flood qos0 = Flood.start(room.broker().port(), topic, 0, forged, FLOOD, RATE_PER_CLIENT);
                Flood qos1 = Flood.start(room.broker().port(), topic, 1, forged, FLOOD, RATE_PER_CLIENT);

                // a real command in the middle of the flood, twice
                List<Long> pingMillis = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Thread.sleep(FLOOD.toMillis() / 3);
                    long t0 = System.nanoTime();
                    String ping = central.send(district, station.id(), "ping", Map.of());
                    central.awaitAck(station.id(), ping, "finished", Duration.ofSeconds(60));
                    pingMillis.add((System.nanoTime() - t0) / 1_000_000);
                }
                long sent = qos0.awaitPublished() + qos1.awaitPublished();
                long floodEnd = System.currentTimeMillis();
                double rate = sent * 1000.0 / (floodEnd - floodStart);
                assertTrue(rate >= 1000, "a flood of thousands a second; sent " + sent + " at " + rate + "/s");

                Map<String, Object> after = telemetryAfter(central, station.id(), floodEnd + 1000);
                long rssAfter = rssKb(station.process().pid());
                long received = delta(before, after, "mqtt", "received");
                long rejected = rejectedTotal(after) - rejectedTotal(before);
                long acks = central.client().received().stream()
                        .filter(m -> m.topic().endsWith("/" + station.id() + "/ack") && m.payload().contains("\"rejected\""))
                        .count();
                long seconds = (floodEnd - floodStart) / 1000 + 2;
                String figures = String.format("sent %d forged (%.0f/s); station received %d, rejected %d; pings "
                        + "answered in %s ms; %d rejection acks; RSS %d -> %d kB; telemetry before %s after %s", sent, rate,
                        received, rejected, pingMillis, acks, rssBefore, rssAfter, before, after);
                System.out.println("FLOOD " + figures);

                assertTrue(pingMillis.stream().allMatch(ms -> ms < REACHABLE.toMillis()), "reachable: " + figures);
                assertEquals(0, delta(before, after, "streams", "underruns"), "the stream never ran dry: " + figures);
                assertEquals(0, delta(before, after, "audio", "xruns"), figures);
                assertEquals(0, delta(before, after, "streams", "drops"), figures);
                assertTrue(received >= 5_000, "the flood reached the station: " + figures);
                assertEquals(received - 2, rejected, "every forged message counted as rejected: " + figures);
                assertEquals(2, ((Map<String, Object>) after.get("commands")).get("accepted") instanceof Long n
                        ? n - (Long) ((Map<String, Object>) before.get("commands")).get("accepted") : -1, figures);
                assertTrue(rssAfter - rssBefore < 64 * 1024, "memory stayed bounded: " + figures);

                assertTrue(acks <= 40 + 20 * seconds + 10, "rejection acks bounded (bursts of 40, then 20/s): " + acks
                        + " in ~" + seconds + " s");
                assertEquals("started", central.statuses(play).get(central.statuses(play).size() - 1),
                        "the broadcast plays on: " + central.statuses(play));
            }
        }
    }

    /**
     * A flood as fast as two clients can publish, through a broker whose per-client queue is small: the station
     * reads slower than the flood arrives, so Mosquitto drops packets it would queue for the station, its PUBACKs
     * among them (max_queued_messages bounds every outgoing packet). The publishes whose acknowledgement was
     * dropped must not hold the station's link: it replaces the connection, resends them, and every ack of the
     * real commands sent during the flood reaches central.
     *
     * <p>The flood lasts until the station has said its publishes went unacknowledged (what the test is about), and
     * at least its 8 s; then the publishers are stopped with whatever they had not yet published. Unpaced,
     * mosquitto_pub reads its input far faster than the broker takes it (here 5 million lines and 1.2 GB in 8 s for
     * one client alone, 17 s to publish them after its input ended); waiting for that backlog waited on the
     * broker's share of the CPU, and took more than 30 s at a load of 9.
     */
    @Test
    void anUnpacedFloodThatMakesTheBrokerDropAcknowledgementsDoesNotMuteTheStation() throws Exception {
        try (ControlRoom room = ControlRoom.start(dir, "max_queued_messages 200\nlog_type notice")) {
            Central central = room.central();
            CommandSigner district = room.district();
            Mosquitto broker = room.broker();
            try (StationUnderTest station = room.station("flood-2", dir.resolve("flood-2"),
                    "mqtt.keepalive_s = 5\n").start(Map.of("JAVA_TOOL_OPTIONS", BOARD_JVM))) {
                central.awaitState(station.id(), "\"online\":true");
                List<String> forged = forgeries(station.id());
                String topic = Central.PREFIX + "/station/" + station.id() + "/cmd";
                Duration length = Duration.ofSeconds(8);
                long floodStart = System.nanoTime();
                Flood first = Flood.start(broker.port(), topic, 0, forged, length, 1_000_000);
                Flood second = Flood.start(broker.port(), topic, 0, forged, length, 1_000_000);
                List<String> pings = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(2_000); // spreads the real commands over the flood; not synchronisation
                    pings.add(central.send(district, station.id(), "ping", Map.of()));
                }
                String unacknowledged;
                long sent;
                try {
                    unacknowledged = station.process().awaitLine("acknowledged none of \\d+ messages",
                            Duration.ofSeconds(60));
                } finally {
                    sent = first.stop() + second.stop();
                }
                long stoppedAfterMs = (System.nanoTime() - floodStart) / 1_000_000;
                for (String ping : pings) {
                    try {
                        central.awaitAck(station.id(), ping, "finished", Duration.ofSeconds(45));
                    } catch (AssertionError e) {
                        throw new AssertionError("no ack for " + ping + "; station log:\n" + station.process().stdout()
                                .lines().filter(l -> !l.contains("rejected")).toList(), e);
                    }
                }
                assertTrue(broker.log().contains("Outgoing messages are being dropped for client"),
                        "the broker dropped packets for the station; " + sent + " handed to mosquitto_pub");
                central.awaitState(station.id(), "\"online\":true");
                System.out.println("UNPACED FLOOD " + sent + " handed to mosquitto_pub; stopped " + stoppedAfterMs
                        + " ms after its start, once the station said: " + unacknowledged + "; station log: "
                        + station.process().stdout().lines().filter(l -> l.contains("acknowledged none")).toList());
            }
        }
    }

    /** Messages that must all be refused before any signature is checked: no trusted key signed them. */
    private static List<String> forgeries(String stationId) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        CommandSigner intruder = SigningKeys.stranger("intruder");
        Random random = new Random(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            long now = Instant.now().getEpochSecond();
            Map<String, Object> claims = CommandSigner.claims("f-" + i, "forger", "station/" + stationId, now,
                    now + 600, "play", Map.of("source", "tone:440", "priority", "emergency"));
            String body = b64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
            switch (i % 5) {
                case 0 -> lines.add(b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                        + body + ".");
                case 1 -> lines.add(b64.encodeToString("{\"alg\":\"HS256\",\"kid\":\"district\"}"
                        .getBytes(StandardCharsets.UTF_8)) + "." + body + "." + b64.encodeToString(new byte[32]));
                case 2 -> lines.add(intruder.sign(claims));
                case 3 -> {
                    byte[] junk = new byte[50 + random.nextInt(400)];
                    random.nextBytes(junk);
                    lines.add(b64.encodeToString(junk));
                }
                default -> lines.add(intruder.sign(claims).substring(0, 60 + random.nextInt(100)));
            }
        }
        return lines;
    }

    /** One mosquitto_pub publishing a line per message, {@code perSecond} of them, for {@code length}. */
    private record Flood(Process process, Thread feeder, AtomicLong lines, Duration length, AtomicBoolean stopping) {

        static Flood start(int port, String topic, int qos, List<String> payloads, Duration length, int perSecond)
                throws IOException {
            Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", topic,
                    "-q", String.valueOf(qos), "-l").redirectErrorStream(true).start();
            AtomicLong lines = new AtomicLong();
            AtomicBoolean stopping = new AtomicBoolean();
            Thread feeder = new Thread(() -> {
                long start = System.nanoTime();
                long end = start + length.toNanos();
                try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(),
                        StandardCharsets.US_ASCII))) {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        while (i > (System.nanoTime() - start) * perSecond / 1_000_000_000L) {
                            out.flush();
                            Thread.sleep(1); // pacing, not synchronisation
                        }
                        out.write(payloads.get(i % payloads.size()));
                        out.write('\n');
                        lines.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    if (!stopping.get()) {
                        throw new IllegalStateException("mosquitto_pub stopped reading", e);
                    }
                }
            }, "flood-qos" + qos);
            feeder.start();
            return new Flood(p, feeder, lines, length, stopping);
        }

        /** Messages handed to mosquitto_pub, once it has published them all and exited. */
        long awaitPublished() throws Exception {
            feeder.join();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
                throw new AssertionError("mosquitto_pub did not finish publishing");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), "mosquitto_pub: " + output);
            return lines.get();
        }

        /**
         * Messages handed to mosquitto_pub, once its {@code length} of feeding is over; then stops it with whatever
         * it had not yet published (a feeder still blocked on its input ends with it).
         */
        long stop() throws Exception {
            feeder.join(length.toMillis() + 5_000);
            stopping.set(true);
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            feeder.join();
            return lines.get();
        }
    }

    private static Map<String, Object> telemetryAfter(Central central, String stationId, long afterMillis)
            throws InterruptedException {
        return central.awaitTelemetry(stationId, afterMillis, Duration.ofSeconds(15));
    }

    private static long delta(Map<String, Object> before, Map<String, Object> after, String group, String name) {
        return Central.figure(after, group, name) - Central.figure(before, group, name);
    }

    @SuppressWarnings("unchecked")
    private static long rejectedTotal(Map<String, Object> telemetry) {
        Map<String, Object> rejected = (Map<String, Object>) ((Map<String, Object>) telemetry.get("commands"))
                .get("rejected");
        return rejected.values().stream().mapToLong(v -> (Long) v).sum();
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }
}

package vn.communeradio.tests.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.CellularLink;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.LogWatcher;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;

/**
 * A station on 4G (issue 8, "Hostile networks"): the packaged service in a network namespace of its own, reaching
 * the broker and the stream server over an emulated cellular link ({@link CellularLink}: 80 ms ± 40 ms each way,
 * 1 % packet loss each way, then a 30 s blackout). A live MP3 stream plays through the jitter and loss with no
 * underrun at the default buffer target; after the blackout the stream and the MQTT link come back by themselves;
 * every command sent meanwhile, the ones waiting on the broker during the blackout included, gets its acks, and
 * every broadcast log record reaches central.
 */
class CellularLinkTest {

    static final Duration JITTER_PHASE = Duration.ofSeconds(45);
    static final Duration BLACKOUT = Duration.ofSeconds(30);
    static final Duration COMMAND_EVERY = Duration.ofSeconds(5);
    /** The longest the station may take to come back after the blackout, stream and commands. */
    static final Duration RECOVERY = Duration.ofSeconds(75);
    /** Played after recovery with no underrun: the buffer is whole again, not limping. */
    static final Duration CLEAN_AFTER = Duration.ofSeconds(10);
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Long enough to wait on the broker through the blackout and the reconnect. */
    static final Duration QUEUED_VALIDITY = Duration.ofMinutes(5);
    /**
     * The field's link settings (defaults: a 30 s keepalive, backoff up to 120 s) over StationUnderTest's quick
     * test ones (a later key wins in a properties file); telemetry often enough to read counters per phase.
     */
    static final String FIELD_LINK = """
            mqtt.keepalive_s = 30
            mqtt.reconnect_max_s = 120
            telemetry.interval_s = 5
            """;

    @TempDir
    Path dir;

    @Test
    void aStationOn4GPlaysThroughJitterAndLossComesBackAfterABlackoutAndLosesNoCommandOrRecord() throws Exception {
        String id = "cell-1";
        try (Mosquitto broker = Mosquitto.start();
             StreamServer server = StreamServer.start();
             CellularLink link = CellularLink.create(CellularLink.Profile.fourG(), 8);
             Central central = new Central(broker.url());
             LogWatcher log = new LogWatcher(broker.url(), id)) {
            central.client().subscribe(Central.PREFIX + "/station/+/telemetry");
            CommandSigner district = new SigningKeys(dir.resolve("keys")).create("district");
            Path wav = TestAudio.musicWav(dir, "live.wav", 10, 44_100);
            server.serve("/live.mp3", Reply.live(Files.readAllBytes(TestAudio.mp3CbrLoopable(wav, 128))).paced(16_000));
            String brokerOverLink = hostPort(link.relayTo(new InetSocketAddress("127.0.0.1", broker.port())));
            String streamOverLink = "http://" + hostPort(link.relayTo(new InetSocketAddress("127.0.0.1", server.port())))
                    + "/live.mp3";

            try (StationUnderTest station = new StationUnderTest(id, dir.resolve(id), "tcp://" + brokerOverLink,
                    dir.resolve("keys"), FIELD_LINK)) {
                station.start(Map.of(), link.launcher());
                central.awaitState(id, "\"online\":true");
                String play = central.send(district, id, "play", Map.of("source", streamOverLink, "session", "live"));
                central.awaitAck(id, play, "started");
                station.process().awaitLine("source live: playing", WAIT);
                List<String> waiting = new ArrayList<>();

                // jitter and loss: the stream plays from its buffer; commands go and come back over the same link
                long jitterStart = System.currentTimeMillis();
                List<Long> pingMillis = new ArrayList<>();
                for (long at = jitterStart; at < jitterStart + JITTER_PHASE.toMillis(); at += COMMAND_EVERY.toMillis()) {
                    sleepUntil(at);
                    long t0 = System.nanoTime();
                    central.awaitAck(id, central.send(district, id, "ping", Map.of()), "finished", WAIT);
                    pingMillis.add((System.nanoTime() - t0) / 1_000_000);
                    waiting.add(waitingPlay(central, district, id, Duration.ofMinutes(1)));
                }
                sleepUntil(jitterStart + JITTER_PHASE.toMillis());
                Map<String, Object> afterJitter = central.awaitTelemetry(id, System.currentTimeMillis(), WAIT);
                CellularLink.Packets packets = link.packets();
                for (String jti : waiting) {
                    assertExpiredWhileWaiting(central.awaitAck(id, jti, "failed", WAIT), central.statuses(jti));
                }

                // blackout: commands published meanwhile wait on the broker (QoS 1, persistent session)
                int linesBefore = station.process().lineCount();
                link.blackout(true);
                long blackoutStart = System.currentTimeMillis();
                List<String> queuedPings = new ArrayList<>();
                List<String> queuedPlays = new ArrayList<>();
                for (long at = blackoutStart + 5_000; at < blackoutStart + BLACKOUT.toMillis(); at += 10_000) {
                    sleepUntil(at);
                    queuedPings.add(central.sendTo(district, "station/" + id, "ping", Map.of(), QUEUED_VALIDITY));
                    queuedPlays.add(waitingPlay(central, district, id, QUEUED_VALIDITY));
                }
                sleepUntil(blackoutStart + BLACKOUT.toMillis());
                link.blackout(false);
                long blackoutEnd = System.currentTimeMillis();

                // it comes back by itself
                station.process().awaitLine("source live: playing", linesBefore, RECOVERY);
                long streamBack = System.currentTimeMillis() - blackoutEnd;
                long firstAck = Long.MAX_VALUE;
                long lastAck = 0;
                for (String jti : queuedPings) {
                    long ts = (Long) central.awaitAck(id, jti, "finished", RECOVERY).get("ts");
                    firstAck = Math.min(firstAck, ts - blackoutEnd);
                    lastAck = Math.max(lastAck, ts - blackoutEnd);
                }
                for (String jti : queuedPlays) {
                    assertExpiredWhileWaiting(central.awaitAck(id, jti, "failed", RECOVERY), central.statuses(jti));
                }
                waiting.addAll(queuedPlays);
                Map<String, Object> recovered = central.awaitTelemetry(id, System.currentTimeMillis() + 1_000, WAIT);
                Map<String, Object> clean = central.awaitTelemetry(id,
                        (Long) recovered.get("ts") + CLEAN_AFTER.toMillis(), WAIT);
                boolean sawOffline = central.client().received().stream().anyMatch(m -> m.topic().endsWith(id + "/state")
                        && m.payload().contains("\"online\":false"));

                // the broadcast ends; every record reaches central
                central.send(district, id, "stop", Map.of("session", "live"));
                central.awaitAck(id, play, "stopped");
                Set<String> expected = new HashSet<>(waiting);
                expected.add(play);
                Map<Long, Map<String, Object>> bySeq = new HashMap<>();
                for (long seq = 1; seq <= expected.size(); seq++) {
                    log.awaitSeq(seq, WAIT);
                }
                for (Map<String, Object> r : log.records()) {
                    Map<String, Object> earlier = bySeq.putIfAbsent((Long) r.get("seq"), r);
                    assertTrue(earlier == null || earlier.equals(r), "seq reused: " + earlier + " / " + r);
                }
                int duplicates = log.records().size() - bySeq.size();

                String figures = String.format(java.util.Locale.ROOT, "jitter phase %d s: underruns %d, drops %d, "
                        + "resyncs %d, ping round trips %s ms; link packets %d, lost %d (%.2f %%); relays %s; "
                        + "blackout %d s: stream playing again %.1f s after it, queued pings acked %.1f..%.1f s after "
                        + "it, mqtt connects %d, broker saw the station offline: %s; after recovery: underruns %d "
                        + "-> %d, drops %d; %d commands and %d log records (%d duplicates delivered)",
                        JITTER_PHASE.toSeconds(), Central.figure(afterJitter, "streams", "underruns"),
                        Central.figure(afterJitter, "streams", "drops"), Central.figure(afterJitter, "streams", "resyncs"),
                        pingMillis, packets.seen(), packets.lost(), packets.lossPercent(), link.applied(),
                        BLACKOUT.toSeconds(), streamBack / 1000.0, firstAck / 1000.0, lastAck / 1000.0,
                        Central.figure(clean, "mqtt", "connects"), sawOffline,
                        Central.figure(recovered, "streams", "underruns"), Central.figure(clean, "streams", "underruns"),
                        Central.figure(clean, "streams", "drops"), 2 + pingMillis.size() + waiting.size()
                                + queuedPings.size(), bySeq.size(), duplicates);
                System.out.println("CELLULAR " + figures);

                assertEquals(0, Central.figure(afterJitter, "streams", "underruns"), "no underrun on 4G: " + figures);
                assertEquals(0, Central.figure(afterJitter, "streams", "drops"), "the stream never dropped: " + figures);
                assertTrue(packets.lost() > 0, "the link really lost packets: " + figures);
                assertEquals(Central.figure(recovered, "streams", "underruns"),
                        Central.figure(clean, "streams", "underruns"), "clean playback after recovery: " + figures);
                assertEquals(expected.size(), bySeq.size(), "one record per session: " + log.records());
                assertEquals(expected, new HashSet<>(bySeq.values().stream().map(r -> (String) r.get("jti")).toList()),
                        "every session's record, under seqs 1.." + expected.size());
                assertEquals("stopped", bySeq.get((long) expected.size()).get("outcome"), "the stream's record last");
            }
        }
    }

    /** A low-priority play: it waits behind the live stream, expires, and so ends with an ack and a log record. */
    private static String waitingPlay(Central central, CommandSigner key, String id, Duration validity)
            throws Exception {
        return central.sendTo(key, "station/" + id, "play",
                Map.of("source", "tone:440", "priority", "low", "duration_s", 2), validity);
    }

    private static void assertExpiredWhileWaiting(Map<String, Object> failed, List<String> statuses) {
        assertEquals("expired", failed.get("code"), failed.toString());
        assertEquals(List.of("accepted", "failed"), statuses, "each ack once, in order");
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Paces the test's own schedule of commands and phases (not a synchronisation: nothing is awaited here). */
    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long left = epochMillis - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}

package vn.communeradio.gateway.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.Update;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.gateway.journal.Ending;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.source.SourceSettings;

/**
 * The updater on a real control loop with its files in a temporary state directory: what it answers before any
 * download, the health marker, and an outcome reported once even when the previous run had already written its
 * log record (a power cut between the record and the cleanup).
 */
class UpdaterTest {

    private static final String RUNNING = "1.2.0";
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path state;
    private final ControlLoop loop = new ControlLoop();
    private final BlockingQueue<Map<String, Object>> acks = new LinkedBlockingQueue<>();
    private final List<Ending> written = new ArrayList<>();
    private volatile boolean alreadyLogged;
    private volatile boolean online;
    private volatile boolean busy;

    @AfterEach
    void stop() throws InterruptedException {
        loop.stop(Duration.ofSeconds(5));
    }

    private Updater start() throws Exception {
        Updater updater = new Updater(state, "bk-0001", RUNNING, loop, json -> acks.add(parse(json)),
                new Updater.Records() {
                    @Override
                    public boolean contains(String jti, String session) {
                        return alreadyLogged;
                    }

                    @Override
                    public void write(Ending ending, Runnable synced) {
                        written.add(ending);
                        synced.run();
                    }
                }, () -> busy, () -> online, System::currentTimeMillis,
                new PackageDownload(Updater.directory(state), 1 << 20, SourceSettings.defaults(), 1, Duration.ZERO), 30,
                () -> { });
        loop.start();
        onLoop(updater::start);
        return updater;
    }

    private void onLoop(Runnable task) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.post(() -> {
            task.run();
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
    }

    /**
     * Returns once the loop has run {@code polls} more of the updater's polls: a timer set on the loop that long
     * after them, since the loop runs timers in deadline order (a sleep could end before a loaded loop polled).
     */
    private void afterPolls(int polls) throws Exception {
        CompletableFuture<Void> after = new CompletableFuture<>();
        loop.post(() -> loop.schedule(Updater.POLL.multipliedBy(polls).plusMillis(1), () -> after.complete(null)));
        after.get(polls * Updater.POLL.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    private Map<String, Object> ack() throws InterruptedException {
        Map<String, Object> ack = acks.poll(5, TimeUnit.SECONDS);
        assertTrue(ack != null, "an ack");
        return ack;
    }

    private static Envelope envelope(String jti) {
        return new Envelope(jti, "province", "station/bk-0001", 0, 0, "province-release", Priority.HIGH, false, "update", 0);
    }

    /** Due in an hour: it stays scheduled while the test looks. */
    private static Update update(String version, boolean allowDowngrade) {
        return new Update(version, java.net.URI.create("http://127.0.0.1:9/p.deb"), SHA, null,
                System.currentTimeMillis() / 1000 + 3600, 0, allowDowngrade, "h.p.s");
    }

    @Test
    void theRunningVersionIsANoOpAndALowerOneNeedsItsFlag() throws Exception {
        Updater updater = start();
        onLoop(() -> updater.request(envelope("same"), update(RUNNING, false)));
        assertEquals("accepted", ack().get("status"));
        Map<String, Object> done = ack();
        assertEquals("finished", done.get("status"));
        assertEquals(RUNNING, done.get("version"));
        onLoop(() -> updater.request(envelope("older"), update("1.1.9", false)));
        Map<String, Object> refused = ack();
        assertEquals("rejected", refused.get("status"));
        assertEquals("downgrade", refused.get("code"));
        onLoop(() -> updater.request(envelope("snapshot"), update("1.2.0~snapshot1", false)));
        assertEquals("downgrade", ack().get("code"), "a snapshot sorts below its release");
        // with the flag, accepted; a newer command replaces it while it waits for its time
        onLoop(() -> updater.request(envelope("down"), update("1.1.9", true)));
        assertEquals("accepted", ack().get("status"));
        Map<String, Object>[] summary = new Map[1];
        onLoop(() -> summary[0] = updater.summary());
        assertEquals("scheduled", summary[0].get("status"));
        onLoop(() -> updater.request(envelope("newer"), update("1.3.0", false)));
        Map<String, Object> replaced = ack();
        assertEquals("down", replaced.get("id"));
        assertEquals("stopped", replaced.get("status"));
        assertTrue(((String) replaced.get("reason")).contains("replaced by update command newer"), replaced.toString());
        assertEquals("accepted", ack().get("status"));
        assertEquals(List.of(), written, "nothing ended: no log record for a plan replaced");
    }

    @Test
    void notBeforeIsReadOnTheSendersClock() throws Exception {
        Updater updater = start();
        // the station's clock, unsynchronised, is an hour behind the sender's: "in an hour" by the sender is now
        Envelope ahead = new Envelope("due", "province", "station/bk-0001", 0, 0, "province-release", Priority.HIGH,
                false, "update", 3600);
        onLoop(() -> updater.request(ahead, update("1.3.0", false)));
        assertEquals("accepted", ack().get("status"));
        Map<String, Object> ended = ack(); // it started at once: its download from a closed port fails
        assertEquals("failed", ended.get("status"), ended.toString());
        assertEquals("source_unreachable", ended.get("code"), ended.toString());
    }

    @Test
    void aProvinceRolloutSpreadsStationsOverItsWindow() throws Exception {
        Updater updater = start();
        Update wave = new Update("1.3.0", java.net.URI.create("http://x/p.deb"), SHA, null, 1_764_300_000L, 3600,
                false, null);
        long at = updater.startMillis(wave);
        assertTrue(at >= 1_764_300_000_000L && at < 1_764_303_600_000L, "within the window: " + at);
        assertEquals(at, updater.startMillis(wave), "the same station always takes the same point");
        Updater other = new Updater(state, "bk-0002", RUNNING, loop, json -> { }, null, () -> false, () -> false,
                System::currentTimeMillis, null, 30, () -> { });
        assertTrue(other.startMillis(wave) != at, "another station another point");
    }

    @Test
    void aVerifiedPackageWaitsWhileAnEmergencyOrHighBroadcastIsOn() throws Exception {
        byte[] deb = "not really a package, but the bytes the command names".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/p.deb", exchange -> {
            exchange.sendResponseHeaders(200, deb.length);
            try (var out = exchange.getResponseBody()) {
                out.write(deb);
            }
        });
        http.start();
        try {
            busy = true;
            Updater updater = start();
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(deb));
            Update update = new Update("1.3.0", java.net.URI.create("http://127.0.0.1:" + http.getAddress().getPort()
                    + "/p.deb"), sha, null, null, 0, false, "h.p.s");
            onLoop(() -> updater.request(envelope("now"), update));
            assertEquals("accepted", ack().get("status"));
            onLoop(() -> updater.request(envelope("meanwhile"), update));
            Map<String, Object> refused = ack();
            assertEquals("rate_limited", refused.get("code"), "under way, not replaced: " + refused);
            UpdateFiles files = new UpdateFiles(state);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Map<String, Object>[] summary = new Map[1];
            do {
                Thread.sleep(50);
                onLoop(() -> summary[0] = updater.summary());
            } while (!String.valueOf(summary[0].get("status")).startsWith("waiting for idle") && System.nanoTime() < deadline);
            assertEquals("waiting for idle to install 1.3.0", summary[0].get("status"));
            assertFalse(files.exists(UpdateFiles.REQUEST), "nothing handed over while the broadcast is on");
            busy = false;
            Map<String, Object> started = acks.poll(Updater.IDLE_RETRY.toSeconds() + 5, TimeUnit.SECONDS);
            assertEquals("started", started.get("status"), String.valueOf(started));
            Map<String, String> request = files.read(UpdateFiles.REQUEST);
            assertEquals("1.3.0", request.get("version"));
            assertEquals(sha, request.get("sha256"));
            assertEquals(RUNNING, request.get("from"));
            assertEquals("h.p.s", request.get("command"));
            assertEquals("now", files.read(UpdateFiles.PENDING).get("jti"));
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aHandedOverUpdateIsReportedOnceByTheNextRun() throws Exception {
        UpdateFiles files = new UpdateFiles(state);
        files.write(UpdateFiles.PENDING, Map.of("jti", "u-7", "version", RUNNING, "from", "1.1.0",
                "url", "http://x/p.deb", "handed_at", String.valueOf(System.currentTimeMillis())));
        files.write(UpdateFiles.REQUEST, Map.of("version", RUNNING));
        Map<String, String> outcome = new LinkedHashMap<>();
        outcome.put("result", "finished");
        outcome.put("version", RUNNING);
        outcome.put("target", RUNNING);
        outcome.put("from", "1.1.0");
        outcome.put("reason", "updated from 1.1.0 to " + RUNNING);
        alreadyLogged = true; // the previous run wrote the record, then lost power before the cleanup
        Updater updater = start();
        assertFalse(files.exists(UpdateFiles.HEALTH), "not online yet");
        online = true;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!files.exists(UpdateFiles.HEALTH) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(Map.of("version", RUNNING), files.read(UpdateFiles.HEALTH), "the marker the root step waits for");
        files.write(UpdateFiles.OUTCOME, outcome);
        Map<String, Object> finished = ack();
        assertEquals("u-7", finished.get("id"));
        assertEquals("finished", finished.get("status"));
        assertEquals(RUNNING, finished.get("version"));
        assertEquals(List.of(), written, "the journal already has it: no second record");
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (files.exists(UpdateFiles.OUTCOME) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(files.exists(UpdateFiles.OUTCOME) || files.exists(UpdateFiles.PENDING), "reported: cleaned up");
        Map<String, Object>[] summary = new Map[1];
        onLoop(() -> summary[0] = updater.summary());
        assertEquals("idle", summary[0].get("status"));
        assertEquals("finished", ((Map<?, ?>) summary[0].get("last")).get("result"));
        assertTrue(Files.exists(files.path(UpdateFiles.LAST)));
        afterPolls(2);
        assertEquals(null, acks.poll(), "nothing more is sent");
    }
}

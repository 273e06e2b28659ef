package vn.communeradio.tests.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.logging.LogSetup;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.LocalStation;
import vn.communeradio.tests.support.DebianPackage;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;

/**
 * What the broadcast journal writes to the SD card for a day of a typical station (docs/journal.md): a station
 * in this process ({@link LocalStation}: WAV sink, simulated relays) on a loopback Mosquitto plays the day's sessions one after the
 * other, each as central sends it (3 bulletins and 3 jingles as cached files with their SHA-256, relays of the
 * district programme as streams, tone tests), each to its end. Its journal directory is an ext4 file system of
 * its own (a loop device, mounted with Debian's defaults: 4 KiB blocks, data=ordered), so the device's counters
 * are the journal's physical writes and syncs, file system journal commits included; strace counts the
 * process's fsync and fdatasync calls on the journal's files. After each session the bench waits until the
 * acknowledged position is written (2 s after the broker's PUBACK), as between sessions hours apart. Needs root
 * (mount, losetup, strace attaching). Not a test: run {@code tests/bench.sh JournalBench [SESSIONS]} (default 20,
 * the day docs/journal.md assumes).
 */
public final class JournalBench {

    private static final String STATION = "bench-journal";
    private static final Duration SESSION_WAIT = Duration.ofSeconds(30);
    private static final int SECTOR = 512;
    /**
     * The day's sessions in order: the morning, noon and evening bulletins (B) each after its jingle (J), both
     * cached files; relays of the district programme (R); tone tests (T).
     */
    private static final String DAY = "JBRRRRRTJBRRRRRTJBRT";

    private JournalBench() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "journal-bench");
        Path journalDir = dir.resolve("station/state/journal"); // LocalStation's state directory, the journal in it
        Files.createDirectories(journalDir);
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3Cbr(TestAudio.musicWav(dir, "bulletin.wav", 2, 44_100), 128));
        Files.write(dir.resolve("bulletin.mp3"), mp3);
        String sha256 = DebianPackage.sha256(dir.resolve("bulletin.mp3"));
        try (LoopDisk disk = LoopDisk.mount(dir.resolve("journal.img"), journalDir);
             Mosquitto broker = Mosquitto.start(); StreamServer http = StreamServer.start();
             Central central = new Central(broker.url())) {
            http.serve("/ban-tin/ban-tin-hang-ngay.mp3", Reply.sized(mp3).contentType("audio/mpeg"));
            http.serve("/nhac-hieu/nhac-hieu.mp3", Reply.sized(mp3).contentType("audio/mpeg"));
            http.serve("/truc-tiep/dai-huyen.mp3", Reply.sized(mp3).contentType("audio/mpeg"));
            SigningKeys keys = new SigningKeys(dir.resolve("keys"));
            CommandSigner signer = keys.create("district");
            LogSetup.apply(Config.parse(Map.of("station.id", STATION, "mqtt.url", broker.url(), "log.level", "warn")));
            LocalStation station = LocalStation.start(STATION, dir.resolve("station"), broker.url(), keys.dir(),
                    "playback.warmup_ms", "0");
            try {
                central.awaitState(STATION, "\"online\":true", 0, Duration.ofSeconds(30));
                List<Map<String, Object>> day = day(sessions, http, sha256);
                // the files are fetched into the cache once, as a schedule fetches them ahead of time
                for (Map<String, Object> play : day) {
                    if ("file".equals(play.get("mode"))) {
                        session(central, signer, play, journalDir);
                        break;
                    }
                }
                long before = lastSeq(journalDir);
                Map<String, Long> startBytes = sizes(journalDir);
                long[] device0 = disk.stat();
                try (SyncCount syncs = SyncCount.attach(ProcessHandle.current().pid(), dir.resolve("strace.out"))) {
                    for (Map<String, Object> play : day) {
                        session(central, signer, play, journalDir);
                    }
                    Command.ok("sync", "-f", journalDir.toString()); // what the file system still had to write back
                    long[] device1 = disk.stat();
                    syncs.close();
                    report(sessions, journalDir, startBytes, lastSeq(journalDir) - before, device0, device1,
                            syncs.count(journalDir.toString()));
                }
            } finally {
                station.close();
                LogSetup.shutdown();
            }
        }
    }

    /** A typical station's day (docs/journal.md): {@link #DAY}, cycled for other counts. */
    private static List<Map<String, Object>> day(int sessions, StreamServer http, String sha256) {
        List<Map<String, Object>> day = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Map<String, Object> play = new LinkedHashMap<>();
            switch (DAY.charAt(i % DAY.length())) {
                case 'B' -> {
                    play.put("source", http.uri("/ban-tin/ban-tin-hang-ngay.mp3").toString());
                    play.put("mode", "file");
                    play.put("sha256", sha256);
                }
                case 'J' -> {
                    play.put("source", http.uri("/nhac-hieu/nhac-hieu.mp3").toString());
                    play.put("mode", "file");
                    play.put("sha256", sha256);
                }
                case 'T' -> {
                    play.put("source", "tone:1000");
                    play.put("duration_s", 1);
                }
                default -> play.put("source", http.uri("/truc-tiep/dai-huyen.mp3").toString());
            }
            day.add(play);
        }
        return day;
    }

    /**
     * Plays one session to its end, then waits until the broker's ack of its record is saved (the final ack comes
     * once the record is synced, so the journal holds it by then).
     */
    private static void session(Central central, CommandSigner signer, Map<String, Object> play, Path journalDir)
            throws Exception {
        String jti = central.send(signer, STATION, "play", play);
        Map<String, Object> end = central.awaitFinal(STATION, jti, SESSION_WAIT);
        if (!"finished".equals(end.get("status"))) {
            throw new IllegalStateException("session " + play + " ended " + end);
        }
        long deadline = System.nanoTime() + SESSION_WAIT.toNanos();
        long seq = lastSeq(journalDir);
        while (acknowledged(journalDir) < seq) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the acknowledged position never reached seq " + seq);
            }
            Thread.sleep(50); // polling a file: the write it waits for is 2 s away
        }
    }

    private static void report(int sessions, Path journalDir, Map<String, Long> startBytes, long records,
                               long[] device0, long[] device1, long syncCalls) throws IOException {
        int[] count = new int[4]; // header, waiting marker, marker, record
        long[] bytes = new long[4];
        for (String line : linesAfter(journalDir, startBytes)) {
            int kind = line.startsWith("{\"segment\"") ? 0 : line.startsWith("{\"open\"")
                    ? (line.contains("\"started\":null") ? 1 : 2) : 3;
            count[kind]++;
            bytes[kind] += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        long logical = bytes[0] + bytes[1] + bytes[2] + bytes[3];
        long writes = device1[4] - device0[4];
        long written = (device1[6] - device0[6]) * SECTOR;
        long flushes = device1[15] - device0[15];
        System.out.printf("journal of %d sessions (%d records) on its own ext4 (loop device, 4 KiB blocks, data=ordered)%n",
                sessions, records);
        String[] names = {"header", "marker (waiting)", "marker", "record"};
        for (int k = 0; k < 4; k++) {
            System.out.printf("  %-17s %3d lines, %4.0f bytes each on average%n", names[k], count[k],
                    count[k] == 0 ? 0.0 : (double) bytes[k] / count[k]);
        }
        System.out.printf("  per session: %.0f bytes of lines, %.1f fsync/fdatasync calls on the journal's files,"
                + " %.1f device writes of %.1f KiB in all, %.1f device flushes%n", (double) logical / sessions,
                (double) syncCalls / sessions, (double) writes / sessions, written / 1024.0 / sessions,
                (double) flushes / sessions);
        System.out.printf("  the day (%d sessions): %.1f KB of lines, %d syncs, %d device writes of %.2f MiB, %d flushes%n",
                sessions, logical / 1000.0, syncCalls, writes, written / 1024.0 / 1024.0, flushes);
    }

    /** Lines written since {@code startBytes} (each segment file's size then). */
    private static List<String> linesAfter(Path journalDir, Map<String, Long> startBytes) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Long> e : sizes(journalDir).entrySet()) {
            byte[] all = Files.readAllBytes(journalDir.resolve(e.getKey()));
            int from = (int) (long) startBytes.getOrDefault(e.getKey(), 0L);
            String added = new String(all, from, all.length - from, StandardCharsets.UTF_8);
            added.lines().filter(l -> !l.isEmpty()).forEach(lines::add);
        }
        return lines;
    }

    private static Map<String, Long> sizes(Path journalDir) throws IOException {
        Map<String, Long> sizes = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(journalDir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                sizes.put(p.getFileName().toString(), Files.size(p));
            }
        }
        return sizes;
    }

    private static long lastSeq(Path journalDir) throws IOException {
        long seq = 0;
        for (String line : linesAfter(journalDir, Map.of())) {
            int at = line.indexOf("\"seq\":");
            if (!line.startsWith("{\"segment\"") && !line.startsWith("{\"open\"") && at >= 0) {
                int end = at + 6;
                while (end < line.length() && Character.isDigit(line.charAt(end))) {
                    end++;
                }
                seq = Math.max(seq, Long.parseLong(line.substring(at + 6, end)));
            }
        }
        return seq;
    }

    private static long acknowledged(Path journalDir) throws IOException {
        try {
            return Long.parseLong(Files.readString(journalDir.resolve("acknowledged")).strip());
        } catch (NoSuchFileException | NumberFormatException e) {
            return 0; // not written yet, or read between its write and its rename
        }
    }

    /** A file system of its own on a loop device: its counters are exactly its writes. */
    private record LoopDisk(Path image, String device, Path mountPoint) implements AutoCloseable {

        static LoopDisk mount(Path image, Path mountPoint) throws IOException, InterruptedException {
            Command.ok("truncate", "-s", "64M", image.toString());
            // inode tables and journal written now, not by the kernel in the background while the bench counts
            Command.ok("mkfs.ext4", "-q", "-F", "-b", "4096", "-E", "lazy_itable_init=0,lazy_journal_init=0",
                    image.toString());
            String device = Command.ok("losetup", "--find", "--show", image.toString()).strip();
            try {
                Command.ok("mount", "-t", "ext4", device, mountPoint.toString());
            } catch (IOException e) {
                Command.run("losetup", "-d", device);
                throw e;
            }
            Command.ok("rmdir", mountPoint.resolve("lost+found").toString());
            return new LoopDisk(image, device, mountPoint);
        }

        /** /sys/block/loopN/stat: [4] writes, [6] sectors written, [15] flushes. */
        long[] stat() throws IOException {
            String[] fields = Files.readString(Path.of("/sys/block", Path.of(device).getFileName().toString(), "stat"))
                    .trim().split("\\s+");
            long[] values = new long[fields.length];
            for (int i = 0; i < fields.length; i++) {
                values[i] = Long.parseLong(fields[i]);
            }
            return values;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            Command.run("umount", mountPoint.toString());
            Command.run("losetup", "-d", device);
            Files.deleteIfExists(image);
        }
    }

    /** strace attached to every thread of this process, noting fsync and fdatasync with the paths of their files. */
    private record SyncCount(Process strace, Path out) implements AutoCloseable {

        static SyncCount attach(long pid, Path out) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("strace", "-f", "-y", "-e", "trace=fsync,fdatasync", "-o", out.toString(),
                    "-p", String.valueOf(pid)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // attached once a sync of a file of its own shows in strace's output (-p with -f takes every thread)
            Path probe = out.resolveSibling("strace-probe");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(probe,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                while (!Files.exists(out) || !Files.readString(out).contains("strace-probe")) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        p.destroy();
                        throw new IOException("strace did not attach to this process (needs root and strace)");
                    }
                    ch.force(false);
                    Thread.sleep(100);
                }
            }
            return new SyncCount(p, out);
        }

        /** Syncs of files whose path contains {@code under}. */
        long count(String under) throws IOException {
            try (Stream<String> lines = Files.lines(out)) {
                // an "unfinished" line names the call and its file, its "resumed" line neither: each call counts once
                return lines.filter(l -> (l.contains("fsync(") || l.contains("fdatasync(")) && l.contains(under))
                        .count();
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (strace.isAlive()) {
                strace.destroy(); // SIGTERM: strace detaches and writes out what it has
                strace.waitFor();
            }
        }
    }
}

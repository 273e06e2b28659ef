package vn.communeradio.tests.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.ProcessStats;
import vn.communeradio.tests.support.ServiceJvm;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;

/**
 * The packaged service's memory over a day of work, not at its start: the jar run as the package runs it (the flags
 * of {@code packaging/jvm.options} and its class-data archive, {@link ServiceJvm}; a GC log is the one flag added),
 * simulated GPIO, null audio output ({@code --audio jack}: JACK, against a private jackd on the dummy backend,
 * {@link BenchAudio}), warm-up 0, a private Mosquitto, sources served over loopback ({@link StreamServer}). Two ways
 * of working it:
 * <ul>
 * <li>{@code sessions N}: N play sessions one after another in a fixed mix ({@link SessionMix}: live MP3 and
 * Ogg/Opus streams, cached files, an Opus file, tones, a refused source, an unreachable one, preemptions by an
 * emergency with the resume, replacements, stops), each held {@code --hold-ms} once started; a row every
 * {@code --report-every} sessions, then one after {@code --idle-s} of idleness, then the live set.</li>
 * <li>{@code soak DURATION} (90m, 8h, 24h): a rolling schedule with an item every minute ({@link ScheduleSoak}),
 * emergencies and direct plays between them, on a simulated clock that starts ten minutes before midnight
 * ({@code hal.clock = sim:...}), so that a short run crosses a day too; a row every {@code --report-min}.</li>
 * </ul>
 * Each row: VmRSS, RssAnon, RssFile, VmRSS less the heap's resident pages, the heap's resident pages, committed,
 * used and old generation used, metaspace used (MB), GCs so far, the GC pauses' median and longest since the row before, threads and open files ({@link ServiceMemory}).
 * Not a test: {@code tests/bench.sh ServiceMemoryBench sessions 1000 [--audio jack [--jack-port-max P]]} or
 * {@code ... soak 24h}; extra
 * JVM flags to
 * compare with {@code --flag} (e.g. {@code --flag -Xmx40m}, {@code --flag -XX:NativeMemoryTracking=summary}, which
 * prints the native memory summary at the end).
 */
public final class ServiceMemoryBench {

    static final String STATION = "bench-mem";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    /** What a driver works with: the central's line to the station, its keys, the sources, the process. */
    record Station(CentralLine central, CommandSigner district, CommandSigner province, Media media,
                   ServiceMemory memory, ServiceProcess service) {
    }

    /** Where the mix's sources are served. */
    record Media(URI mp3Live, URI opusLive, List<URI> files, String fileSha256, URI opusFile, URI garbage,
                 URI missing) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !List.of("sessions", "soak").contains(args[0])) {
            System.err.println("usage: ServiceMemoryBench sessions N [--hold-ms MS] [--report-every K] [--idle-s S]"
                    + " [--audio null|jack [--jack-port-max P]] [--flag JVM_FLAG]...\n       ServiceMemoryBench soak"
                    + " DURATION (90m, 8h, 24h) [--report-min M] [--audio null|jack [--jack-port-max P]]"
                    + " [--flag JVM_FLAG]...");
            System.exit(2);
        }
        Map<String, String> options = new TreeMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (args[i].equals("--flag")) {
                flags.add(args[i + 1]);
            } else {
                options.put(args[i], args[i + 1]);
            }
        }
        Path dir = Files.createTempDirectory("memory-bench");
        try (Mosquitto broker = Mosquitto.start(); StreamServer server = StreamServer.start();
             BenchAudio audio = BenchAudio.start(options.getOrDefault("--audio", "null"),
                     Integer.parseInt(options.getOrDefault("--jack-port-max", "0")))) {
            Media media = media(dir.resolve("media"), server);
            SigningKeys keys = new SigningKeys(dir.resolve("keys"));
            CommandSigner district = keys.create("district");
            CommandSigner province = keys.create("province");
            boolean soak = args[0].equals("soak");
            String clock = "";
            long offset = 0;
            if (soak) {
                // ten minutes before the station's next midnight: the day changes early in any run
                ZonedDateTime midnight = ZonedDateTime.now(ZONE).toLocalDate().plusDays(1).atStartOfDay(ZONE);
                Instant start = midnight.minusMinutes(10).toInstant();
                clock = "hal.clock = sim:" + start + "\n";
                offset = start.toEpochMilli() - System.currentTimeMillis(); // the service starts within seconds
            }
            StationUnderTest packaged = StationUnderTest.forBench(STATION, dir, broker.url(), keys.dir(),
                    "security.emergency_keys = province\n" + clock + audio.config());
            Path gcLog = dir.resolve("gc.log");
            List<String> extra = new ArrayList<>(flags);
            extra.add(ServiceMemory.gcLogFlag(gcLog));
            System.out.printf("service: %s, %s%nJVM flags: %s (+ the class-data archive); load average %s%n",
                    ServiceProcess.JAR, audio.describe(),
                    String.join(" ", ServiceJvm.options()) + " " + String.join(" ", extra), ProcessStats.loadAverage());
            try (ServiceProcess service = packaged.launch(Map.of(), List.of(), extra);
                 CentralLine central = new CentralLine(broker.url(), STATION)) {
                service.awaitLine("MQTT broker .* connected", Duration.ofSeconds(60));
                if (audio.jack()) {
                    service.awaitLine("audio output jack .* started", WAIT);
                    System.out.println(audio.serverMemory());
                }
                central.assumeOffset(offset);
                central.followStationClock(district, WAIT);
                ServiceMemory memory = new ServiceMemory(service.pid(), gcLog);
                Station station = new Station(central, district, province, media, memory, service);
                if (soak) {
                    new ScheduleSoak(station)
                            .run(duration(args[1]), Duration.ofMinutes(Long.parseLong(
                                    options.getOrDefault("--report-min", "10"))));
                } else {
                    new SessionMix(station, Duration.ofMillis(Long.parseLong(options.getOrDefault("--hold-ms", "250"))))
                            .run(Integer.parseInt(args[1]),
                                    Integer.parseInt(options.getOrDefault("--report-every", "100")),
                                    Duration.ofSeconds(Long.parseLong(options.getOrDefault("--idle-s", "60"))));
                }
                finish(memory, flags);
                if (audio.jack()) {
                    System.out.println(audio.serverMemory());
                    System.out.println(audio.serverXruns());
                }
                service.terminate();
                service.awaitExit(Duration.ofSeconds(30));
            }
        } finally {
            Command.run("rm", "-rf", dir.toString());
        }
    }

    /** The whole run's pauses, the live set, native memory when tracked. */
    private static void finish(ServiceMemory memory, List<String> flags) throws Exception {
        ServiceMemory.Pauses all = memory.overall();
        System.out.printf("GC pauses over the run: %d (%d full), median %s ms, longest %s ms%n", all.count(),
                all.fulls(), ServiceMemory.ms(all.p50()), ServiceMemory.ms(all.max()));
        StringBuilder kinds = new StringBuilder();
        memory.residentByKind().forEach((kind, kb) -> kinds.append(", ").append(kind).append(' ')
                .append(ServiceMemory.mb(kb)));
        System.out.printf("resident by kind of mapping (MB)%s%n", kinds);
        if (flags.stream().anyMatch(f -> f.startsWith("-XX:NativeMemoryTracking="))) {
            System.out.println(memory.nativeMemorySummary());
        }
        System.out.printf("live set: heap used after a full GC asked for at the end (jcmd GC.run): %s MB%n",
                ServiceMemory.mb(memory.liveSetKbAfterFullGc()));
        System.out.printf("load average %s%n", ProcessStats.loadAverage());
    }

    private static Duration duration(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("a duration is 90s, 90m or 24h, not " + text);
        };
    }

    /**
     * Live streams paced at their own byte rate (the Ogg/Opus one loops as a chain of streams, as Icecast sends
     * when its source restarts), three files for {@code mode: file}, a short Opus file, garbage, a missing path.
     */
    private static Media media(Path dir, StreamServer server) throws Exception {
        Files.createDirectories(dir);
        Path music = TestAudio.musicWav(dir, "music.wav", 20, 44_100);
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3CbrLoopable(music, 128));
        server.serve("/live.mp3", Reply.live(mp3).paced(128_000 / 8.0));
        Path music48 = TestAudio.musicWav(dir, "music48.wav", 20, 48_000);
        byte[] opus = Files.readAllBytes(TestAudio.opus(music48, 64, 11));
        server.serve("/live.opus", Reply.live(opus).paced(opus.length / 20.0).contentType("audio/ogg"));
        byte[] file = Files.readAllBytes(TestAudio.mp3Cbr(TestAudio.musicWav(dir, "file.wav", 1.5, 44_100), 128));
        List<URI> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            server.serve("/file-" + i + ".mp3", Reply.sized(file));
            files.add(server.uri("/file-" + i + ".mp3"));
        }
        byte[] notice = Files.readAllBytes(TestAudio.opus(TestAudio.musicWav(dir, "notice.wav", 2, 48_000), 64, 12));
        server.serve("/notice.opus", Reply.sized(notice).contentType("audio/ogg"));
        server.serve("/garbage", Reply.garbage(64 * 1024));
        server.serve("/missing", Reply.status(404, "Not Found"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        return new Media(server.uri("/live.mp3"), server.uri("/live.opus"), files, sha, server.uri("/notice.opus"),
                server.uri("/garbage"), server.uri("/missing"));
    }
}

package vn.communeradio.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.ProcessStats;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.TestAudio;

/**
 * The packaged service's start time and memory, run as the package runs it: {@code java} with the flags of
 * {@code packaging/jvm.options} and {@code -jar commune-radio.jar run}, simulated GPIO, null audio output, a real
 * Mosquitto on loopback. Measures process start to "MQTT broker ... connected" (median of RUNS starts), then
 * with an AppCDS archive made by a first run (-XX:ArchiveClassesAtExit), then resident memory (VmRSS) idle and
 * while playing a 128 kbit/s MP3 stream served over loopback HTTP (with the archive), and the CPU used. Not a test: run
 * {@code tests/bench.sh ServiceFootprintBench [RUNS] [PLAY_SECONDS] [EXTRA_JVM_FLAG...]}.
 */
public final class ServiceFootprintBench {

    private static final String STATION = "bench-fp";
    private static final Duration START = Duration.ofSeconds(60);

    private ServiceFootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int playSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        List<String> flags = new ArrayList<>(jvmOptions());
        flags.addAll(List.of(args).subList(Math.min(2, args.length), args.length));
        Path dir = Files.createTempDirectory("footprint-bench");
        try (Mosquitto broker = Mosquitto.start(); Central central = new Central(broker.url());
             StreamServer server = StreamServer.start()) {
            SigningKeys keys = new SigningKeys(dir.resolve("keys"));
            CommandSigner district = keys.create("district");
            Path config = dir.resolve("gateway.properties");
            Files.writeString(config, """
                    station.id = %s
                    mqtt.url = %s
                    security.keys = %s
                    clock.sync_marker = always
                    hal.gpio = sim
                    hal.audio = null
                    relay.zones = 2
                    playback.warmup_ms = 0
                    state.dir = %s
                    status.log_interval_s = 0
                    telemetry.interval_s = 0
                    """.formatted(STATION, broker.url(), keys.dir(), dir.resolve("state")));
            System.out.printf("JVM flags: %s%n", String.join(" ", flags));

            List<Double> plain = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                plain.add(startAndStop(dir, flags, config));
            }
            Path archive = dir.resolve("commune-radio.jsa");
            List<String> dump = new ArrayList<>(flags);
            dump.add("-XX:ArchiveClassesAtExit=" + archive);
            startAndStop(dir, dump, config);
            List<Double> cds = new ArrayList<>();
            List<String> withArchive = new ArrayList<>(flags);
            withArchive.add("-XX:SharedArchiveFile=" + archive);
            if (Files.exists(archive)) {
                for (int i = 0; i < runs; i++) {
                    cds.add(startAndStop(dir, withArchive, config));
                }
            }
            System.out.printf("start -> MQTT connected, median of %d: %.0f ms (min %.0f, max %.0f)%n", runs,
                    median(plain), Collections.min(plain), Collections.max(plain));
            if (cds.isEmpty()) {
                System.out.println("AppCDS: no archive was written at exit");
            } else {
                System.out.printf("with AppCDS archive (%d KB): median %.0f ms (min %.0f, max %.0f)%n",
                        Files.size(archive) / 1024, median(cds), Collections.min(cds), Collections.max(cds));
            }

            byte[] mp3 = Files.readAllBytes(TestAudio.mp3CbrLoopable(
                    TestAudio.musicWav(dir, "music.wav", 20, 44_100), 128));
            server.serve("/live.mp3", StreamServer.Reply.live(mp3).paced(16_000));
            // memory as the package runs it: with the archive when there is one
            try (ServiceProcess service = start(dir, cds.isEmpty() ? flags : withArchive, config)) {
                service.awaitLine("MQTT broker .* connected", START);
                central.awaitState(STATION, "\"online\":true");
                long idleMax = 0;
                for (int s = 0; s < 30; s++) {
                    Thread.sleep(1_000);
                    idleMax = Math.max(idleMax, ProcessStats.rssKb(service.pid()));
                }
                long idle = ProcessStats.rssKb(service.pid());
                String jti = central.send(district, STATION, "play",
                        Map.of("source", server.uri("/live.mp3").toString(), "volume", 100));
                central.awaitAck(STATION, jti, "started");
                long cpu0 = ProcessStats.cpuMillis(service.pid());
                long t0 = System.nanoTime();
                long playMax = 0;
                for (int s = 0; s < playSeconds; s++) {
                    Thread.sleep(1_000);
                    playMax = Math.max(playMax, ProcessStats.rssKb(service.pid()));
                }
                long playEnd = ProcessStats.rssKb(service.pid());
                double cpu = (ProcessStats.cpuMillis(service.pid()) - cpu0) / ((System.nanoTime() - t0) / 1e6) * 100;
                System.out.printf("RSS idle after 30 s: %d KB (max %d KB)%n", idle, idleMax);
                System.out.printf("RSS playing a 128 kbit/s MP3 stream for %d s: %d KB at the end, max %d KB%n",
                        playSeconds, playEnd, playMax);
                System.out.printf("CPU while playing: %.1f %% of one core (user + system)%n", cpu);
                service.terminate();
                service.awaitExit(Duration.ofSeconds(30));
            }
        }
    }

    private static ServiceProcess start(Path dir, List<String> flags, Path config) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        command.addAll(List.of("-jar", ServiceProcess.JAR.toString(), "run", "--config", config.toString()));
        return ServiceProcess.command(dir, Map.of(), command);
    }

    /** Milliseconds from starting the process to its "MQTT broker ... connected" line; then a clean stop. */
    private static double startAndStop(Path dir, List<String> flags, Path config) throws Exception {
        long t0 = System.nanoTime();
        try (ServiceProcess service = start(dir, flags, config)) {
            service.awaitLine("MQTT broker .* connected", START);
            double ms = (System.nanoTime() - t0) / 1e6;
            service.terminate();
            service.awaitExit(Duration.ofSeconds(30));
            return ms;
        }
    }

    private static List<String> jvmOptions() throws Exception {
        return Files.readAllLines(Path.of("packaging/jvm.options")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

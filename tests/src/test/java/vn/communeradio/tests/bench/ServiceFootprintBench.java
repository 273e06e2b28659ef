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
import vn.communeradio.tests.support.ServiceJvm;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.TestAudio;

/**
 * The packaged service's start time and memory, run as the package runs it: {@code java} with the flags of
 * {@code packaging/jvm.options} and {@code -jar commune-radio.jar run}, simulated GPIO, a real Mosquitto on loopback,
 * the audio output of each {@code --audio}: {@code null} (the default) or {@code jack} against a private jackd on the
 * dummy backend ({@link BenchAudio}; on the host only), whose own memory it prints too. Measures process start to "MQTT broker ... connected" (median of RUNS starts), then
 * with an AppCDS archive made by a first run (-XX:ArchiveClassesAtExit), then resident memory (VmRSS) idle and
 * while playing a 128 kbit/s MP3 stream served over loopback HTTP (with the archive), and the CPU used. Each
 * {@code --runtime} is measured in turn: {@code host} (this machine's java, the default) or a Debian root of another
 * architecture whose java runs under qemu-user ({@link BenchRuntime}). Not a test: run
 * {@code tests/bench.sh ServiceFootprintBench [--runtime host|ROOT]... [--audio null|jack]... [--jack-port-max P]
 * [RUNS] [PLAY_SECONDS] [EXTRA_JVM_FLAG...]}: each runtime with each audio output, in turn.
 */
public final class ServiceFootprintBench {

    private static final String STATION = "bench-fp";
    private static final Duration START = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        List<String> runtimes = new ArrayList<>();
        List<String> audios = new ArrayList<>();
        int portMax = 0;
        while (rest.size() >= 2 && List.of("--runtime", "--audio", "--jack-port-max").contains(rest.get(0))) {
            switch (rest.get(0)) {
                case "--runtime" -> runtimes.add(rest.get(1));
                case "--audio" -> audios.add(rest.get(1));
                default -> portMax = Integer.parseInt(rest.get(1));
            }
            rest.subList(0, 2).clear();
        }
        if (runtimes.isEmpty()) {
            runtimes.add("host");
        }
        if (audios.isEmpty()) {
            audios.add("null");
        }
        if (audios.contains("jack") && !runtimes.equals(List.of("host"))) {
            // a root's JVM under qemu-user would need the host's jackd, its /dev/shm and its sockets in the root
            throw new IllegalArgumentException("--audio jack is measured with --runtime host only");
        }
        int runs = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 5;
        int playSeconds = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 60;
        List<String> flags = new ArrayList<>(ServiceJvm.options());
        flags.addAll(rest.subList(Math.min(2, rest.size()), rest.size()));
        Path media = Files.createTempDirectory("footprint-audio");
        try (Mosquitto broker = Mosquitto.start(); Central central = new Central(broker.url());
             StreamServer server = StreamServer.start()) {
            byte[] mp3 = Files.readAllBytes(TestAudio.mp3CbrLoopable(
                    TestAudio.musicWav(media, "music.wav", 20, 44_100), 128));
            server.serve("/live.mp3", StreamServer.Reply.live(mp3).paced(16_000));
            System.out.printf("JVM flags: %s%n", String.join(" ", flags));
            for (String name : runtimes) {
                try (BenchRuntime runtime = name.equals("host") ? BenchRuntime.host()
                        : BenchRuntime.chroot(Path.of(name))) {
                    for (String kind : audios) {
                        Path dir = runtime.workDir("footprint-bench");
                        try (BenchAudio audio = BenchAudio.start(kind, portMax)) {
                            new ServiceFootprintBench(runtime, dir, broker, central, server, flags, audio)
                                    .measure(runs, playSeconds);
                        } finally {
                            runtime.delete(dir);
                        }
                    }
                }
            }
        } finally {
            BenchRuntime.host().delete(media);
        }
    }

    private final BenchRuntime runtime;
    private final Path dir;
    private final Central central;
    private final StreamServer server;
    private final List<String> flags;
    private final CommandSigner district;
    private final String jar;
    private final String config;
    private final BenchAudio audio;

    private ServiceFootprintBench(BenchRuntime runtime, Path dir, Mosquitto broker, Central central,
                                  StreamServer server, List<String> flags, BenchAudio audio) throws Exception {
        this.runtime = runtime;
        this.audio = audio;
        this.dir = dir;
        this.central = central;
        this.server = server;
        this.flags = flags;
        SigningKeys keys = new SigningKeys(dir.resolve("keys"));
        this.district = keys.create("district");
        this.jar = runtime.jar(dir);
        Path file = dir.resolve("gateway.properties");
        // its own start, not StationUnderTest's: it measures the jar with and without an archive, maybe in a root
        Files.writeString(file, StationUnderTest.simulatedConfig(STATION, broker.url(), runtime.inside(keys.dir()),
                runtime.inside(dir.resolve("state"))) + """
                status.log_interval_s = 0
                telemetry.interval_s = 0
                """ + audio.config());
        this.config = runtime.inside(file);
    }

    private void measure(int runs, int playSeconds) throws Exception {
        System.out.printf("%nJVM: %s; %s; load average %s%n", runtime.describe(), audio.describe(),
                ProcessStats.loadAverage());
        List<Double> plain = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plain.add(startAndStop(flags));
        }
        Path archive = dir.resolve("commune-radio.jsa");
        List<String> dump = new ArrayList<>(flags);
        dump.add("-XX:ArchiveClassesAtExit=" + runtime.inside(archive));
        startAndStop(dump);
        List<Double> cds = new ArrayList<>();
        List<String> withArchive = new ArrayList<>(flags);
        withArchive.add("-XX:SharedArchiveFile=" + runtime.inside(archive));
        if (Files.exists(archive)) {
            for (int i = 0; i < runs; i++) {
                cds.add(startAndStop(withArchive));
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

        // memory as the package runs it: with the archive when there is one
        try (ServiceProcess service = start(cds.isEmpty() ? flags : withArchive)) {
            service.awaitLine("MQTT broker .* connected", runtime.patience(START));
            if (audio.jack()) {
                service.awaitLine("audio output jack .* started", runtime.patience(START));
            }
            central.awaitState(STATION, "\"online\":true");
            Rss idleMax = Rss.NONE;
            for (int s = 0; s < 30; s++) {
                Thread.sleep(1_000);
                idleMax = idleMax.max(rss(service.pid()));
            }
            Rss idle = rss(service.pid());
            long idleShmem = ProcessStats.rssShmemKb(service.pid());
            String jti = central.send(district, STATION, "play",
                    Map.of("source", server.uri("/live.mp3").toString(), "volume", 100));
            central.awaitAck(STATION, jti, "started", runtime.patience(Central.WAIT));
            long cpu0 = ProcessStats.cpuMillis(service.pid());
            long t0 = System.nanoTime();
            Rss playMax = Rss.NONE;
            for (int s = 0; s < playSeconds; s++) {
                Thread.sleep(1_000);
                playMax = playMax.max(rss(service.pid()));
            }
            Rss playEnd = rss(service.pid());
            long playShmem = ProcessStats.rssShmemKb(service.pid());
            double cpu = (ProcessStats.cpuMillis(service.pid()) - cpu0) / ((System.nanoTime() - t0) / 1e6) * 100;
            System.out.printf("RSS idle after 30 s: %s (max %s)%n", idle, idleMax);
            System.out.printf("RSS playing a 128 kbit/s MP3 stream for %d s: %s at the end, max %s%n",
                    playSeconds, playEnd, playMax);
            System.out.printf("CPU while playing: %.1f %% of one core (user + system)%n", cpu);
            // JACK's shared segment: resident in jackd too, once in physical memory
            System.out.printf("of which shared memory (RssShmem): idle %d KB, playing %d KB at the end%n", idleShmem,
                    playShmem);
            if (audio.jack()) {
                System.out.println(audio.serverMemory() + ", while playing");
                System.out.println(audio.serverXruns());
            }
            System.out.printf("load average %s%n", ProcessStats.loadAverage());
            service.terminate();
            service.awaitExit(runtime.patience(Duration.ofSeconds(30)));
        }
    }

    /** Resident memory in KB; under qemu-user also the guest JVM's part of it ({@code guest}, else -1). */
    private record Rss(long total, long guest) {
        static final Rss NONE = new Rss(0, -1);

        Rss max(Rss other) {
            return new Rss(Math.max(total, other.total), Math.max(guest, other.guest));
        }

        @Override
        public String toString() {
            return guest < 0 ? total + " KB"
                    : String.format("%d KB = the JVM's mappings %d KB + qemu's %d KB", total, guest, total - guest);
        }
    }

    /**
     * Under qemu-user, the guest JVM's part is that of its mappings: qemu 7.2 places an aarch64 program's mappings
     * below 2^40 (the program at 0x5500000000, its mmaps after it, the Java heap and CDS archive where the JVM asks)
     * and its own (its binary, heap and malloc arenas, 60-100 MB of translated code) at the host's, far above.
     */
    private Rss rss(long pid) throws Exception {
        return new Rss(ProcessStats.rssKb(pid), runtime.emulated() ? ProcessStats.rssBelowKb(pid, 1L << 40) : -1);
    }

    private ServiceProcess start(List<String> jvmFlags) throws Exception {
        List<String> args = new ArrayList<>(jvmFlags);
        args.addAll(List.of("-jar", jar, "run", "--config", config));
        return ServiceProcess.command(dir, Map.of(), runtime.java(args));
    }

    /** Milliseconds from starting the process to its "MQTT broker ... connected" line; then a clean stop. */
    private double startAndStop(List<String> jvmFlags) throws Exception {
        long t0 = System.nanoTime();
        try (ServiceProcess service = start(jvmFlags)) {
            service.awaitLine("MQTT broker .* connected", runtime.patience(START));
            double ms = (System.nanoTime() - t0) / 1e6;
            service.terminate();
            service.awaitExit(runtime.patience(Duration.ofSeconds(30)));
            return ms;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

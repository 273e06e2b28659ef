package vn.communeradio.tests.demo;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.stream.Stream;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.demo.Timeline.Kind;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;

/**
 * The station on simulated hardware, shown working (what {@code scripts/run-simulated} runs): a private
 * Mosquitto, the packaged service as a child process with simulated relays and a WAV file for speakers, the
 * operator's tool, a loopback HTTP server with a bulletin, and a scripted {@link Tour} printed as a timeline.
 * Then the station keeps running for the operator until Ctrl-C, or with {@code --tour-only} everything stops and
 * the exit status says whether every step of the tour was seen. Built into {@code tests/target/commune-radio-demo.jar},
 * never into the service's jar or package.
 */
public final class Demo {

    static final String STATION = "dev-0001";
    static final String PREFIX = "communeradio/v1";
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final Duration IDLE_HOLD = Duration.ofSeconds(5);
    static final String USAGE = "usage: java -jar tests/target/commune-radio-demo.jar [--dir DIR] [--tour-only]";

    private final Path dir;
    private final Timeline timeline = new Timeline(System.currentTimeMillis(), System.out);
    private Mosquitto broker;
    private StreamServer files;
    private StationTopics topics;
    private ServiceProcess service;
    private volatile boolean stopped;

    private Demo(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("target/sim");
        boolean tourOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tour-only" -> tourOnly = true;
                case "--dir" -> {
                    if (++i == args.length) {
                        usage();
                    }
                    dir = Path.of(args[i]);
                }
                default -> usage();
            }
        }
        // the service runs from the very jar whose classes the demo signs with: no second copy to go stale
        System.setProperty("gateway.jar", gatewayJar().toString());
        Demo demo = new Demo(dir.toAbsolutePath().normalize());
        Runtime.getRuntime().addShutdownHook(new Thread(demo::stop, "demo-stop"));
        System.exit(demo.run(tourOnly));
    }

    private static void usage() {
        System.err.println(USAGE);
        System.exit(2);
    }

    private static Path gatewayJar() throws URISyntaxException {
        return Path.of(CommandSigner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private int run(boolean tourOnly) throws Exception {
        Operator operator;
        Path config;
        try {
            operator = start();
            config = dir.resolve("gateway.properties");
        } catch (Exception e) { // a missing mosquitto, a busy port, a broken build: one line, no stack trace
            System.err.println("demo: cannot start: " + e.getMessage());
            return 1;
        }
        try {
            new Tour(timeline, operator, files.uri("/bulletin.wav"),
                    () -> files.connections("/bulletin.wav") - files.notModified("/bulletin.wav"), ZONE, IDLE_HOLD,
                    topics.stationClock(), pushToTalkFile()).run();
        } catch (Exception e) {
            System.out.println();
            System.out.println("demo: tour FAILED: " + e.getMessage() + " (station log: " + dir.resolve("service.log")
                    + ")");
            return 1;
        }
        System.out.println();
        System.out.println("demo: tour complete: every step seen.");
        if (tourOnly) {
            stop();
            return 0;
        }
        System.out.printf("""

                demo: the station keeps running (configuration %s). From another terminal, for example:
                  %s
                  %s --args '{"source":"%s","mode":"file"}'
                  %s --args '{"source":"tone:440","duration_s":5,"priority":"emergency"}'
                  %s
                Ctrl-C stops it all: relays off, WAV file finalised, broker stopped.
                %n""", Operator.relative(config), operator.commandLine("ping"), operator.commandLine("play"),
                files.uri("/bulletin.wav"), operator.commandLine("play"), operator.commandLine("stop"));
        int status = service.awaitExit(Duration.ofDays(365));
        if (status == 130 || status == 143) {
            return 0; // Ctrl-C or kill: the shutdown hook reports
        }
        System.out.println("demo: the station stopped by itself with status " + status + "; its log: "
                + dir.resolve("service.log"));
        return 1;
    }

    private Operator start() throws Exception {
        Files.createDirectories(dir);
        // a fresh station each time (empty schedule and journal); the operator's key is kept for the commands shown
        delete(dir.resolve("state"));
        Files.deleteIfExists(dir.resolve("speakers.wav"));
        Files.deleteIfExists(pushToTalkFile());
        broker = Mosquitto.start();
        timeline.add(Kind.DEMO, "Mosquitto on 127.0.0.1:" + broker.port() + " (private to this demo)");
        files = StreamServer.start();
        Path wav = TestAudio.musicWav(dir, "bulletin.wav", 10, 22_050);
        files.serve("/bulletin.wav", Reply.sized(Files.readAllBytes(wav)).contentType("audio/wav")
                .header("ETag", "\"bulletin-1\""));
        timeline.add(Kind.DEMO, "HTTP server with a 10 s bulletin (22.05 kHz WAV) at " + files.uri("/bulletin.wav"));
        Path key = Operator.key(dir.resolve("operator"));
        Files.createDirectories(dir.resolve("keys"));
        Files.copy(key.resolveSibling(Operator.KID + ".pem"), dir.resolve("keys").resolve(Operator.KID + ".pem"),
                StandardCopyOption.REPLACE_EXISTING);
        timeline.add(Kind.DEMO, "operator key " + key + " (trusted by the station up to emergency)");
        Path config = writeConfig();
        topics = new StationTopics(broker.url(), PREFIX, STATION, timeline);
        service = ServiceProcess.start(dir, "run", "--config", config.toString());
        timeline.add(Kind.DEMO, "station " + STATION + " started: java -jar " + ServiceProcess.JAR + " run --config "
                + config);
        ServiceLines.follow(service, timeline);
        timeline.await(0, Kind.STATION, "online", Duration.ofSeconds(30));
        return new Operator(dir, broker.url(), STATION, key, timeline);
    }

    private Path writeConfig() throws IOException {
        Path config = dir.resolve("gateway.properties");
        Files.writeString(config, """
                # Written by the demo (tests/src/test/java/vn/communeradio/tests/demo/Demo.java) at each start.
                station.id = %s
                mqtt.url = %s
                security.keys = %s
                security.emergency_keys = %s
                # a development machine's clock is trusted as it is (a board waits for NTP: clock.sync_marker)
                clock.sync_marker = always
                # a simulated clock that starts 18 s before a minute, so that the tour's schedule fires soon
                # instead of at the next real minute (simulated stations only; a station runs on its system clock)
                hal.clock = sim:%s
                hal.gpio = sim
                hal.audio = wav:%s
                relay.zones = 2
                # the simulated input: a microphone on channel 1 (a 700 Hz tone stands in for a voice) and a sense
                # microphone at the horns on channel 2, which hears zone 1 and nothing of zone 2 (a cut line)
                hal.audio_in = sim
                audio.line_channel = 1
                audio.sense_channel = 2
                hal.sim.line = tone:700
                hal.sim.zone_gains = 1,0
                # push-to-talk on a digital input; the demo presses it by writing ptt = 1 to this file
                input.ptt.pin = 26
                announce.input = ptt
                hal.sim.inputs_file = %s
                # short, so that the tour shows the amplifier going off (30 s on a station)
                playback.idle_hold_s = %d
                state.dir = %s
                status.log_interval_s = 0
                """.formatted(STATION, broker.url(), dir.resolve("keys"), Operator.KID, simulatedStart(),
                dir.resolve("speakers.wav"), pushToTalkFile(),
                IDLE_HOLD.toSeconds(), dir.resolve("state")));
        return config;
    }

    /** The simulated GPIO's file: a line {@code ptt = 1} presses push-to-talk, {@code ptt = 0} releases it. */
    private Path pushToTalkFile() {
        return dir.resolve("inputs");
    }

    /** 18 s before the first minute boundary at least 18 s from now: near this machine's clock, whole minutes apart. */
    static Instant simulatedStart() {
        return Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MINUTES).minusSeconds(18);
    }

    /** Stops everything it started, the station first (relays off, WAV finalised); safe to call twice. */
    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (service != null) {
                if (service.isAlive()) {
                    try {
                        service.terminate();
                    } catch (IOException e) {
                        // it was stopping already (Ctrl-C reaches the whole process group)
                    }
                }
                service.awaitExit(Duration.ofSeconds(20));
                Files.writeString(dir.resolve("service.log"), service.stdout() + "\n" + service.stderr() + "\n");
                Path wav = dir.resolve("speakers.wav");
                if (Files.exists(wav)) {
                    System.out.println("demo: station stopped, relays off; what the speakers got: "
                            + SpeakerFile.read(wav));
                }
            }
            if (topics != null) {
                topics.close();
            }
            if (files != null) {
                files.close();
            }
            if (broker != null) {
                broker.close();
            }
        } catch (Exception e) {
            System.err.println("demo: while stopping: " + e);
        }
    }

    private static void delete(Path tree) throws IOException {
        if (Files.exists(tree)) {
            try (Stream<Path> paths = Files.walk(tree)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

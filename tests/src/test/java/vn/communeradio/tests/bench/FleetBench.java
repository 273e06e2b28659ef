package vn.communeradio.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.logging.LogSetup;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.Fleet;
import vn.communeradio.tests.support.Fleet.CentralSide;
import vn.communeradio.tests.support.GroupBroadcast;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.ProcessStats;
import vn.communeradio.tests.support.ProvinceBroker;

/**
 * A province on one machine: N real stations in this JVM (the gateway's code, simulated GPIO, null audio, each
 * with its own state directory and MQTT connection) on one real Mosquitto, all in one group. The operator's
 * {@code send} tool (the packaged jar, its own process) publishes one group {@code emergency} {@code play}; a
 * central ingest measures, from the moment the broker fanned the command out to it, when each station's
 * {@code accepted} and {@code started} acks arrive, then waits for every {@code finished} and broadcast log
 * record; anything missing is lost. Prints the broker's and this JVM's memory, CPU and threads per station.
 * With {@code --bridged}, the stations' broker is a district broker bridged to a province broker run from the
 * shipped examples, and {@code send} and the ingest use the province's central listener (TLS, an account).
 * Not a test: run {@code tests/bench.sh FleetBench [--bridged] N [ROUNDS] [TONE_SECONDS] [STATE_ROOT or -]}
 * (docs/scale.md).
 */
public final class FleetBench {

    /** The JVM's descriptors per station: its MQTT socket, console socket, journal and state files (5 measured). */
    private static final int FILES_PER_STATION = 8;
    private static final String KID = "province";
    /** A province broker's settings (packaging/examples/mosquitto): sessions saved each minute, not each second. */
    private static final String BROKER_SETTINGS = """
            autosave_interval 60
            max_queued_messages 100000
            """;

    private FleetBench() {
    }

    /** The arguments: {@code [--bridged] N [ROUNDS] [TONE_SECONDS] [STATE_ROOT or -]}. */
    private record Options(boolean bridged, int size, int rounds, int toneSeconds, Path stateRoot) {

        static Options parse(String[] arguments) {
            List<String> args = new ArrayList<>(List.of(arguments));
            boolean bridged = args.remove("--bridged");
            // where the state directories go: each board syncs to its own SD card, here all share one disk
            // (/dev/shm takes the shared disk out of the figures)
            Path stateRoot = args.size() > 3 && !args.get(3).equals("-") ? Path.of(args.get(3)) : null;
            return new Options(bridged, args.size() > 0 ? Integer.parseInt(args.get(0)) : 100,
                    args.size() > 1 ? Integer.parseInt(args.get(1)) : 3,
                    args.size() > 2 ? Integer.parseInt(args.get(2)) : 3, stateRoot);
        }
    }

    /** The stations' broker, the province broker behind it when bridged, and where the central systems are. */
    private record Brokers(Mosquitto stations, ProvinceBroker province, CentralSide central) implements AutoCloseable {

        static Brokers start(Path dir, boolean bridged, long openFiles) throws Exception {
            if (!bridged) {
                Mosquitto broker = Mosquitto.startWithOpenFiles(openFiles, BROKER_SETTINGS);
                return new Brokers(broker, null, CentralSide.on(broker.url()));
            }
            String password = "central-" + System.nanoTime();
            String bridgePassword = "bridge-" + System.nanoTime();
            ProvinceBroker province = ProvinceBroker.start(dir, List.of(), "# no station of its own\n",
                    Map.of("central", password, "district-058", bridgePassword));
            try {
                Mosquitto district = Mosquitto.startWithOpenFiles(openFiles,
                        BROKER_SETTINGS + province.districtBridge(bridgePassword));
                try (MqttTestClient bridge = province.central("central", password, "communeradio/v1/bridge/+/state")) {
                    bridge.await(m -> m.payload().equals("1"), Duration.ofSeconds(30));
                }
                // the central account may not read commands; the bridge's account does, as the bridge gets them
                CentralSide central = new CentralSide(province.central("central", password, Fleet.INGEST_TOPICS),
                        province.central("district-058", bridgePassword, Fleet.INGEST_TOPICS[0]),
                        province.sendOptions("central", password));
                System.out.println("stations on a district broker bridged to the province broker "
                        + "(packaging/examples/mosquitto); send and the ingest on the province's central listener (TLS)");
                return new Brokers(district, province, central);
            } catch (Exception | AssertionError e) {
                province.close();
                throw e;
            }
        }

        Mosquitto provinceBroker() {
            return province == null ? null : province.broker();
        }

        @Override
        public void close() throws Exception {
            stations.close();
            if (province != null) {
                province.close();
            }
        }
    }

    public static void main(String[] arguments) throws Exception {
        Options o = Options.parse(arguments);
        long self = ProcessHandle.current().pid();
        long limit = ProcessStats.openFilesLimit(self);
        if (limit < (long) o.size() * FILES_PER_STATION + 1024) {
            System.err.printf("this JVM may open %d files; %d stations need about %d: raise the limit "
                    + "(ulimit -n 65536, as root) and run again%n", limit, o.size(), o.size() * FILES_PER_STATION + 1024);
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("fleet-bench");
        // as high as this machine lets a process go (a deployment: LimitNOFILE=65536 for mosquitto.service); a
        // container without CAP_SYS_RESOURCE cannot raise its hard limit
        long brokerFiles = Math.min(65_536, ProcessStats.openFilesHardLimit(self));
        try (Brokers brokers = Brokers.start(dir, o.bridged(), brokerFiles)) {
            LogSetup.apply(Config.parse(Map.of("station.id", "bench", "mqtt.url", brokers.stations().url(),
                    "log.level", "warn")));
            Path keys = dir.resolve("keys");
            Path key = Fleet.operatorKey(dir.resolve("operator"), KID, keys);
            System.out.printf("%d stations in one JVM (%d cores, max heap %d MB), Mosquitto %s, load before: %s%n",
                    o.size(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    version(), ProcessStats.loadAverage());
            System.out.printf("open-file limits: this JVM %d (hard %d), broker %d%n", limit,
                    ProcessStats.openFilesHardLimit(self), ProcessStats.openFilesLimit(brokers.stations().pid()));
            Path stations = o.stateRoot() == null ? dir.resolve("stations")
                    : Files.createTempDirectory(o.stateRoot(), "fleet");
            System.out.printf("state directories under %s%n", stations);
            FleetFigures figures = new FleetFigures(brokers.stations(), brokers.provinceBroker(), o.size());
            long t0 = System.nanoTime();
            try (Fleet fleet = Fleet.start(o.size(), stations, brokers.stations().url(), brokers.central(), keys, 4)) {
                long started = System.nanoTime();
                fleet.awaitOnline(Duration.ofSeconds(Math.max(60, o.size() / 5)));
                System.out.printf("started in %.1f s, all online after %.1f s%n", (started - t0) / 1e9,
                        (System.nanoTime() - t0) / 1e9);
                double idleRate = figures.idle(Duration.ofSeconds(10));
                figures.footprint();
                for (int r = 1; r <= o.rounds(); r++) {
                    round(fleet, key, o, r, figures, idleRate);
                }
                figures.footprint();
                long stopping = System.nanoTime();
                fleet.close();
                System.out.printf("stopped in %.1f s; load after: %s%n", (System.nanoTime() - stopping) / 1e9,
                        ProcessStats.loadAverage());
            }
        } finally {
            LogSetup.shutdown();
        }
    }

    /** One group emergency: sent with the tool, then every started, finished and log record awaited. */
    private static void round(Fleet fleet, Path key, Options o, int round, FleetFigures figures, double idleRate)
            throws Exception {
        String play = "{\"source\":\"tone:880\",\"priority\":\"emergency\",\"duration_s\":" + o.toneSeconds() + "}";
        Duration wait = Duration.ofSeconds(Math.max(60, o.size() / 10));
        long cpu = figures.stationsCpuMillis();
        long brokerCpu = figures.brokerCpuMillis();
        String load = ProcessStats.loadAverage();
        Map<String, Long> threadCpu = figures.threadCpu();
        long from = System.nanoTime();
        GroupBroadcast b = fleet.send(key, KID, play, "started", wait);
        double toStarted = (System.nanoTime() - from) / 1e9;
        String cpuToStarted = figures.cpuSince(threadCpu, 1);
        fleet.awaitAll(b.jti(), "/log", "", wait.plusSeconds(o.toneSeconds()));
        fleet.awaitAll(b.jti(), "/ack", "\"status\":\"finished\"", Duration.ofSeconds(10));
        figures.round(round, fleet.refresh(b), load, (System.nanoTime() - from) / 1e9,
                figures.stationsCpuMillis() - cpu, figures.brokerCpuMillis() - brokerCpu, o.toneSeconds(), idleRate);
        System.out.printf("  CPU by thread until every station started (%.1f s, with send's start), ms for all "
                + "stations: %s%n", toStarted, cpuToStarted);
    }

    private static String version() throws Exception {
        Command.Result r = Command.run("mosquitto", "-h");
        return r.output().lines().findFirst().orElse("?").replace("mosquitto version ", "");
    }
}

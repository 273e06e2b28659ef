package vn.communeradio.tests.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.logging.LogSetup;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.Fleet;
import vn.communeradio.tests.support.GroupBroadcast;
import vn.communeradio.tests.support.Fleet.CentralSide;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.ProvinceBroker;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.ProcessStats;

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

    /** The JVM's descriptors per station: its MQTT socket, console socket, journal and state files. */
    private static final int FILES_PER_STATION = 8;
    private static final String KID = "province";

    private FleetBench() {
    }

    public static void main(String[] arguments) throws Exception {
        List<String> given = new java.util.ArrayList<>(List.of(arguments));
        // the stations on a district broker bridged to the province broker, where the operator and the ingest are
        boolean bridged = given.remove("--bridged");
        String[] args = given.toArray(String[]::new);
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int toneSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        // where the stations' state directories go: each board syncs to its own SD card, here all share one disk
        // (give /dev/shm to take the shared disk out of the figures)
        Path stateRoot = args.length > 3 && !args[3].equals("-") ? Path.of(args[3]) : null;
        long self = ProcessHandle.current().pid();
        long limit = ProcessStats.openFilesLimit(self);
        if (limit < (long) size * FILES_PER_STATION + 1024) {
            System.err.printf("this JVM may open %d files; %d stations need about %d: raise the limit "
                    + "(ulimit -n 65536, as root) and run again%n", limit, size, size * FILES_PER_STATION + 1024);
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("fleet-bench");
        // as high as this machine lets a process go (a deployment: LimitNOFILE=65536 for mosquitto.service); a
        // container without CAP_SYS_RESOURCE cannot raise its hard limit
        long brokerFiles = Math.min(65_536, ProcessStats.openFilesHardLimit(self));
        // a province broker's settings (packaging/examples/mosquitto): sessions saved each minute, not each second
        String password = "central-" + System.nanoTime();
        String bridgePassword = "bridge-" + System.nanoTime();
        ProvinceBroker province = bridged ? ProvinceBroker.start(dir, List.of(), "# no station of its own\n",
                Map.of("central", password, "district-058", bridgePassword)) : null;
        try (ProvinceBroker provinceToClose = province;
             Mosquitto broker = Mosquitto.startWithOpenFiles(brokerFiles, """
                     autosave_interval 60
                     max_queued_messages 100000
                     """ + (bridged ? province.districtBridge(bridgePassword) : ""))) {
            CentralSide central;
            if (bridged) {
                try (MqttTestClient bridge = province.central("central", password, "communeradio/v1/bridge/+/state")) {
                    bridge.await(m -> m.payload().equals("1"), Duration.ofSeconds(30));
                }
                // the central account may not read commands; the bridge's account does, as the bridge gets them
                central = new CentralSide(province.central("central", password, Fleet.INGEST_TOPICS),
                        province.central("district-058", bridgePassword, Fleet.INGEST_TOPICS[0]),
                        province.sendOptions("central", password));
                System.out.println("stations on a district broker bridged to the province broker "
                        + "(packaging/examples/mosquitto); send and the ingest on the province's central listener (TLS)");
            } else {
                central = CentralSide.on(broker.url());
            }
            Mosquitto provinceBroker = bridged ? province.broker() : null;
            LogSetup.apply(Config.parse(Map.of("station.id", "bench", "mqtt.url", broker.url(), "log.level", "warn")));
            Path keys = dir.resolve("keys");
            Path key = Fleet.operatorKey(dir.resolve("operator"), KID, keys);

            System.out.printf("%d stations in one JVM (%d cores, max heap %d MB), Mosquitto %s, load before: %s%n",
                    size, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    version(), ProcessStats.loadAverage());
            System.out.printf("open-file limits: this JVM %d (hard %d), broker %d%n", limit,
                    ProcessStats.openFilesHardLimit(self), ProcessStats.openFilesLimit(broker.pid()));
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long rssBefore = ProcessStats.rssKb(self);
            long t0 = System.nanoTime();
            Path stations = stateRoot == null ? dir.resolve("stations") : Files.createTempDirectory(stateRoot, "fleet");
            System.out.printf("state directories under %s%n", stations);
            try (Fleet fleet = Fleet.start(size, stations, broker.url(), central, keys, 4)) {
                long started = System.nanoTime();
                fleet.awaitOnline(Duration.ofSeconds(Math.max(60, size / 5)));
                System.out.printf("started in %.1f s, all online after %.1f s%n", (started - t0) / 1e9,
                        (System.nanoTime() - t0) / 1e9);

                long jvmCpu = ProcessStats.cpuMillis(self);
                long brokerCpu = ProcessStats.cpuMillis(broker.pid());
                long idleFrom = System.nanoTime();
                Map<String, Long> threadCpu = cpuByThreadKind();
                Thread.sleep(10_000); // idle: what the fleet costs when nothing happens
                double idleSeconds = (System.nanoTime() - idleFrom) / 1e9;
                Map<String, Long> threadCpuAfter = cpuByThreadKind();
                // CPU milliseconds per second the fleet costs doing nothing
                double idleRate = (ProcessStats.cpuMillis(self) - jvmCpu) / idleSeconds;
                System.out.printf("idle 10 s: stations %.1f %% of a core (%.3f %% each), broker %.1f %%%n",
                        idleRate / 10, idleRate / 10 / size,
                        (ProcessStats.cpuMillis(broker.pid()) - brokerCpu) / idleSeconds / 10);
                StringBuilder idleByKind = new StringBuilder();
                threadCpuAfter.forEach((kind, ns) -> {
                    double ms = (ns - threadCpu.getOrDefault(kind, 0L)) / 1e6 / idleSeconds;
                    if (ms >= 1) {
                        idleByKind.append(String.format("%s %.0f, ", kind, ms));
                    }
                });
                System.out.printf("  idle CPU by thread, ms per s for all stations: %s%n",
                        idleByKind.toString().replaceAll(", $", ""));
                footprint(self, broker, provinceBroker, size, threadsBefore, rssBefore);

                String play = "{\"source\":\"tone:880\",\"priority\":\"emergency\",\"duration_s\":" + toneSeconds + "}";
                Duration wait = Duration.ofSeconds(Math.max(60, size / 10));
                for (int r = 1; r <= rounds; r++) {
                    jvmCpu = ProcessStats.cpuMillis(self);
                    brokerCpu = ProcessStats.cpuMillis(broker.pid());
                    String loadBefore = ProcessStats.loadAverage();
                    long roundFrom = System.nanoTime();
                    GroupBroadcast b = fleet.send(key, KID, play, "started", wait);
                    fleet.awaitAll(b.jti(), "/log", "", wait.plusSeconds(toneSeconds));
                    fleet.awaitAll(b.jti(), "/ack", "\"status\":\"finished\"", Duration.ofSeconds(10));
                    b = fleet.refresh(b);
                    report(r, b, size, loadBefore);
                    double roundSeconds = (System.nanoTime() - roundFrom) / 1e9;
                    long roundCpu = ProcessStats.cpuMillis(self) - jvmCpu;
                    System.out.printf("  CPU during the round (%.1f s, %d s tone): stations %.1f s, of which above idle "
                                    + "%.1f s (%.1f ms per station); broker %.2f s%n", roundSeconds, toneSeconds,
                            roundCpu / 1e3, (roundCpu - idleRate * roundSeconds) / 1e3,
                            (roundCpu - idleRate * roundSeconds) / size,
                            (ProcessStats.cpuMillis(broker.pid()) - brokerCpu) / 1e3);
                }
                footprint(self, broker, provinceBroker, size, threadsBefore, rssBefore);
                long stopping = System.nanoTime();
                fleet.close();
                System.out.printf("stopped in %.1f s; load after: %s%n", (System.nanoTime() - stopping) / 1e9, ProcessStats.loadAverage());
            }
        } finally {
            LogSetup.shutdown();
        }
    }

    private static void report(int round, GroupBroadcast b, int size, String load) {
        List<Double> accepted = b.millisTo("accepted");
        List<Double> started = b.millisTo("started");
        System.out.printf("round %d (load %s): send exit %d%s%n", round, load, b.sendStatus(),
                b.sendStatus() == 0 ? "" : " " + b.sendOutput().strip());
        System.out.printf("  publish -> accepted at central: p50 %.0f ms  p99 %.0f ms  max %.0f ms  (%d stations)%n",
                GroupBroadcast.percentile(accepted, 50), GroupBroadcast.percentile(accepted, 99),
                GroupBroadcast.percentile(accepted, 100), accepted.size());
        System.out.printf("  publish -> started  at central: p50 %.0f ms  p99 %.0f ms  max %.0f ms  (%d stations)%n",
                GroupBroadcast.percentile(started, 50), GroupBroadcast.percentile(started, 99),
                GroupBroadcast.percentile(started, 100), started.size());
        int lostStarted = b.missing("started").size();
        int lostFinished = b.missing("finished").size();
        int lostLog = size - b.logRecords().size();
        long duplicates = dup(b.acks("accepted")) + dup(b.acks("started")) + dup(b.acks("finished"))
                + dup(b.logRecords());
        System.out.printf("  lost: %d started, %d finished, %d log records (of %d each); duplicates %d%n",
                lostStarted, lostFinished, lostLog, size, duplicates);
        if (lostStarted > 0) {
            System.out.printf("  no started from e.g. %s%n", b.missing("started").stream().limit(5).toList());
        }
    }

    private static long dup(Map<String, Integer> counts) {
        return counts.values().stream().mapToLong(n -> n - 1).sum();
    }

    private static void footprint(long self, Mosquitto broker, Mosquitto province, int size, int threadsBefore,
                                  long rssBefore) throws Exception {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        long rss = ProcessStats.rssKb(self);
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long brokerRss = ProcessStats.rssKb(broker.pid());
        System.out.printf("  JVM: heap after GC %d MB (%.0f KB per station) of %d MB committed, RSS %d MB (%.0f KB per station above "
                        + "the %d MB before), %d threads (%.1f per station), %d open files%n",
                heap >> 20, heap / 1024.0 / size, committed >> 20, rss >> 10, (rss - rssBefore) / (double) size, rssBefore >> 10,
                threads, (threads - threadsBefore) / (double) size, ProcessStats.openFiles(self));
        System.out.printf("  broker: RSS %d MB (%.1f KB per station), CPU %.1f s in all, %d open files%n",
                brokerRss >> 10, brokerRss / (double) size, ProcessStats.cpuMillis(broker.pid()) / 1e3,
                ProcessStats.openFiles(broker.pid()));
        if (province != null) {
            System.out.printf("  province broker (behind the bridge): RSS %d MB, CPU %.1f s in all%n",
                    ProcessStats.rssKb(province.pid()) >> 10, ProcessStats.cpuMillis(province.pid()) / 1e3);
        }
        Map<String, Integer> byName = new TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> byName.merge(kind(t.getName()), 1, Integer::sum));
        StringBuilder perStation = new StringBuilder();
        byName.forEach((name, n) -> {
            if (n >= size / 2) {
                perStation.append(String.format("%s %.1f, ", name, n / (double) size));
            }
        });
        System.out.printf("  threads per station by name: %s%n", perStation.toString().replaceAll(", $", ""));
    }

    /** CPU time so far of this JVM's live threads, in nanoseconds, by {@link #kind}. */
    private static Map<String, Long> cpuByThreadKind() {
        var mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> byKind = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long ns = mx.getThreadCpuTime(t.getId());
            if (ns > 0) {
                byKind.merge(kind(t.getName()), ns, Long::sum);
            }
        }
        return byKind;
    }

    /** A thread's name without the station it belongs to ("MQTT Rec: commune-radio-fl-00042" -> "MQTT Rec"). */
    private static String kind(String name) {
        return name.replaceAll(":? *commune-radio-fl-\\d+", "").replaceAll("fl-\\d+", "ID")
                .replaceAll("-\\d+$", "-N").strip();
    }

    private static String version() throws Exception {
        Command.Result r = Command.run("mosquitto", "-h");
        return r.output().lines().findFirst().orElse("?").replace("mosquitto version ", "");
    }

}

package vn.communeradio.tests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.GroupBroadcast;
import vn.communeradio.tests.support.LightStations;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.ProcessStats;

/**
 * One Mosquitto under a province's connections, without the stations' own CPU: N stand-ins
 * ({@link LightStations}: one MQTT connection each, on one thread, answering every group command with an
 * {@code accepted} and a {@code started} ack, checking nothing) in one group. A central client publishes a
 * command to the group and ingests the acks (one Paho client, as a single ingest would). Measures, from the
 * publish call, the fan-out (each stand-in receiving the command), the acks' arrival at the ingest, anything lost, and the broker's
 * memory and CPU per connection. What real stations add is {@code FleetBench}'s (docs/scale.md). Not a test:
 * run {@code tests/bench.sh BrokerFanoutBench N [ROUNDS]}.
 */
public final class BrokerFanoutBench {

    private static final String P = Central.PREFIX;
    private static final String GROUP = "province";

    private BrokerFanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long self = ProcessHandle.current().pid();
        long files = ProcessStats.openFilesHardLimit(self);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            ids.add(String.format("ls-%05d", i));
        }
        try (Mosquitto broker = Mosquitto.startWithOpenFiles(Math.min(65_536, files), """
                autosave_interval 60
                max_queued_messages 100000
                """);
             MqttTestClient ingest = new MqttTestClient(broker.url(), P + "/group/" + GROUP + "/cmd",
                     P + "/station/+/ack")) {
            System.out.printf("%d stand-in stations, Mosquitto open-file limit %d, load before: %s%n", size,
                    ProcessStats.openFilesLimit(broker.pid()), ProcessStats.loadAverage());
            long t0 = System.nanoTime();
            long rssBefore = ProcessStats.rssKb(broker.pid());
            try (LightStations stations = LightStations.connect(broker.port(), ids, P, GROUP,
                    Duration.ofSeconds(Math.max(60, size / 50)))) {
                System.out.printf("connected and subscribed in %.1f s; broker RSS %d MB (%.1f KB per connection), "
                                + "%d open files%n", (System.nanoTime() - t0) / 1e9,
                        ProcessStats.rssKb(broker.pid()) >> 10,
                        (ProcessStats.rssKb(broker.pid()) - rssBefore) / (double) size,
                        ProcessStats.openFiles(broker.pid()));
                long cpu = ProcessStats.cpuMillis(broker.pid());
                Thread.sleep(5_000);
                System.out.printf("broker idle: %.1f %% of a core%n", (ProcessStats.cpuMillis(broker.pid()) - cpu) / 50.0);
                for (int r = 1; r <= rounds; r++) {
                    String jti = "light-" + System.nanoTime();
                    String loadBefore = ProcessStats.loadAverage();
                    long before = System.nanoTime();
                    cpu = ProcessStats.cpuMillis(broker.pid());
                    ingest.publish(P + "/group/" + GROUP + "/cmd", jti, false);
                    ingest.collect(m -> m.topic().endsWith("/ack") && m.payload().contains("\"" + jti + "\"")
                            && m.payload().contains("\"started\""), size, Duration.ofSeconds(Math.max(60, size / 100)));
                    long brokerCpu = ProcessStats.cpuMillis(broker.pid()) - cpu;
                    GroupBroadcast b = GroupBroadcast.of(jti, ids, before, ingest.received());
                    List<Double> fanout = new ArrayList<>();
                    for (long n : stations.commandNanos()) {
                        if (n > before) {
                            fanout.add((n - before) / 1e6);
                        }
                    }
                    fanout.sort(null);
                    // from the publish call: the ingest's own copy of the command may come after the stand-ins'
                    // (Paho hands it over two threads), so it cannot be the start here
                    List<Double> started = b.millisTo("started", before);
                    System.out.printf("round %d (load %s): broker CPU %.2f s (%.0f us per station)%n", r, loadBefore,
                            brokerCpu / 1e3, brokerCpu * 1e3 / size);
                    System.out.printf("  publish -> command at the stand-ins: p50 %.0f ms  p99 %.0f ms  max %.0f ms  "
                                    + "(%d)%n", GroupBroadcast.percentile(fanout, 50),
                            GroupBroadcast.percentile(fanout, 99), GroupBroadcast.percentile(fanout, 100), fanout.size());
                    System.out.printf("  publish -> started at the ingest:  p50 %.0f ms  p99 %.0f ms  max %.0f ms  "
                                    + "(%d)%n", GroupBroadcast.percentile(started, 50),
                            GroupBroadcast.percentile(started, 99), GroupBroadcast.percentile(started, 100),
                            started.size());
                    long duplicates = b.acks("started").values().stream().mapToLong(n -> n - 1).sum()
                            + b.acks("accepted").values().stream().mapToLong(n -> n - 1).sum();
                    System.out.printf("  lost: %d commands, %d accepted, %d started; duplicates %d%n",
                            size - fanout.size(), b.missing("accepted").size(), b.missing("started").size(),
                            duplicates);
                }
                if (stations.failure() != null) {
                    System.out.println("stand-ins stopped: " + stations.failure());
                }
                System.out.printf("broker RSS at the end %d MB, CPU %.1f s in all%n",
                        ProcessStats.rssKb(broker.pid()) >> 10, ProcessStats.cpuMillis(broker.pid()) / 1e3);
            }
        }
    }

}

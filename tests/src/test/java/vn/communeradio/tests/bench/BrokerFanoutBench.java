package vn.communeradio.tests.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.GroupBroadcast;
import vn.communeradio.tests.support.LightCentral;
import vn.communeradio.tests.support.LightStations;
import vn.communeradio.tests.support.ProcessStats;
import vn.communeradio.tests.support.ProvinceBroker;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationCertificates;
import vn.communeradio.tests.support.TestPki;

/**
 * The province broker's share of an emergency: one QoS 1 command to a group of N stations, fanned out by the
 * province example (packaging/examples/mosquitto, run by {@link ProvinceBroker}: persistence, ACLs from
 * make-station-acl, the stations' listener with a client certificate each over TLS, or the same without TLS as a
 * reference) to N stand-ins that behave as stations do on the wire ({@link LightStations}: MQTT 5, persistent
 * sessions, keepalive, Last Will, their own and their groups' command topics, acks on their own topic). A central
 * client ({@link LightCentral}, the {@code central} account on the central listener) publishes a signed command and
 * ingests the acks. Every time is taken in this process on one monotonic clock: the publish just before its bytes
 * are written, each delivery as its stand-in's connection is read, each ack as the central's is read.
 *
 * <p>The stand-ins share the machine's cores with the broker: what they and the central client used in each
 * round is printed beside the broker's own CPU time and its time waiting for a core (/proc/PID/schedstat), from
 * the publish to the last delivery. Not a test: run
 * {@code tests/bench.sh BrokerFanoutBench [--sizes N,...] [--rounds R] [--listeners tls,plain] [--ingest-qos 0|1]}.
 * The central client reads the acks at QoS 0 unless told: at QoS 1 one client behind the example's
 * {@code max_queued_messages 1000} loses acks once more than that wait for it (docs/scale.md).
 */
public final class BrokerFanoutBench {

    private static final String P = Central.PREFIX;
    private static final String CENTRAL = "central";
    private static final String CENTRAL_PASSWORD = "bench-central";
    /** Stations per commune and per district, as a province groups them (stations.csv.example). */
    private static final int COMMUNE = 10;
    private static final int DISTRICT = 500;

    private BrokerFanoutBench() {
    }

    /** One round's figures: times in ms from the publish, CPU in ms over the same span. */
    private record Round(List<Double> delivered, List<Double> started, long lost, long lostAcks, long duplicates,
                         double brokerRun,
                         double brokerWait, double standInsCpu, double centralCpu, double brokerRunToStarted,
                         String load) {
    }

    /** What one broker under N stand-ins did. */
    private record Run(ProvinceBroker.Listeners listeners, int size, double connectSeconds, long rssBeforeKb,
                       long rssConnectedKb, long rssAfterKb, double idleCpuPercent, List<Round> rounds) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(1_000);
        int rounds = 5;
        List<ProvinceBroker.Listeners> listeners = List.of(ProvinceBroker.Listeners.TLS);
        int ingestQos = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--ingest-qos" -> ingestQos = Integer.parseInt(args[++i]);
                case "--listeners" -> listeners = Arrays.stream(args[++i].split(","))
                        .map(l -> ProvinceBroker.Listeners.valueOf(l.toUpperCase())).toList();
                default -> throw new IllegalArgumentException("usage: BrokerFanoutBench [--sizes N,...] [--rounds R] "
                        + "[--listeners tls,plain] [--ingest-qos 0|1]; not " + args[i]);
            }
        }
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        long files = ProcessStats.openFilesHardLimit(ProcessHandle.current().pid());
        if (files < largest + 200) {
            throw new IllegalStateException("this process may open " + files + " files, too few for " + largest
                    + " connections: raise the hard limit (ulimit -Hn) or ask for fewer");
        }
        Path work = Files.createTempDirectory("fanout-bench");
        try {
            List<String> ids = new ArrayList<>();
            StringBuilder csv = new StringBuilder();
            for (int i = 1; i <= largest; i++) {
                String id = String.format("ls-%05d", i);
                ids.add(id);
                csv.append(id).append(',').append(String.join(" ", groupsOf(id))).append('\n');
            }
            long t0 = System.nanoTime();
            Path acl = ProvinceBroker.stationAcl(work, csv.toString());
            System.out.printf("make-station-acl for %d stations: %.1f s (load %s)%n", largest,
                    (System.nanoTime() - t0) / 1e9, ProcessStats.loadAverage());
            TestPki pki = ProvinceBroker.newPki();
            StationCertificates certificates = null;
            if (listeners.contains(ProvinceBroker.Listeners.TLS)) {
                t0 = System.nanoTime();
                certificates = StationCertificates.issuedBy(pki, "station-ca");
                certificates.issue(ids);
                System.out.printf("%d station certificates issued in %.1f s%n", largest, (System.nanoTime() - t0) / 1e9);
            }
            CommandSigner operator = new SigningKeys(Files.createDirectories(work.resolve("keys"))).create("province");
            List<Run> runs = new ArrayList<>();
            for (ProvinceBroker.Listeners l : listeners) {
                for (int size : sizes) {
                    runs.add(run(pki, acl, l, certificates, operator, ids.subList(0, size), rounds, files, ingestQos));
                }
            }
            print(runs);
        } finally {
            vn.communeradio.tests.support.Command.ok("rm", "-rf", work.toString());
        }
    }

    /** A station's groups: its commune's, its district's and the province's. */
    private static List<String> groupsOf(String id) {
        int n = Integer.parseInt(id.substring(3)) - 1;
        return List.of("commune-" + n / COMMUNE, "district-" + n / DISTRICT, "province");
    }

    private static Run run(TestPki pki, Path acl, ProvinceBroker.Listeners listeners, StationCertificates certificates,
                           CommandSigner operator, List<String> ids, int rounds, long files, int ingestQos)
            throws Exception {
        int size = ids.size();
        boolean tls = listeners == ProvinceBroker.Listeners.TLS;
        try (ProvinceBroker province = ProvinceBroker.start(pki, acl, Map.of(CENTRAL, CENTRAL_PASSWORD), listeners,
                Math.min(65_536, files))) {
            long broker = province.broker().pid();
            System.out.printf("%n%s, %d stand-in stations; broker open-file limit %d; load %s%n", listeners, size,
                    ProcessStats.openFilesLimit(broker), ProcessStats.loadAverage());
            long rssBefore = ProcessStats.rssKb(broker);
            SSLContext stationTls = tls ? certificates.context(pki.cert("province-ca")) : null;
            SSLContext centralTls = tls ? StationCertificates.trusting(pki.cert("province-ca")) : null;
            long t0 = System.nanoTime();
            try (LightStations stations = LightStations.connect(new InetSocketAddress("127.0.0.1",
                    province.stationPort()), stationTls, certificates, ids, BrokerFanoutBench::groupsOf, P,
                    Duration.ofSeconds(Math.max(120, size / 20)));
                 LightCentral central = LightCentral.connect(new InetSocketAddress("127.0.0.1", province.centralPort()),
                         centralTls, CENTRAL, CENTRAL_PASSWORD, ids, P, ingestQos)) {
                double connect = (System.nanoTime() - t0) / 1e9;
                long rssConnected = ProcessStats.rssKb(broker);
                System.out.printf("connected, subscribed, online in %.1f s; broker RSS %d MB (%.1f KB per station), "
                                + "%d open files%n", connect, rssConnected >> 10, (rssConnected - rssBefore) / (double) size,
                        ProcessStats.openFiles(broker));
                long idle0 = ProcessStats.schedNanos(broker)[0];
                Thread.sleep(10_000);
                double idle = (ProcessStats.schedNanos(broker)[0] - idle0) / 1e9 / 10 * 100;
                System.out.printf("broker idle (keepalives): %.2f %% of a core%n", idle);
                List<Round> figures = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    figures.add(round(r, broker, stations, central, operator));
                    Thread.sleep(2_000);
                }
                if (!stations.failures().isEmpty()) {
                    System.out.println("stand-ins: " + stations.failures());
                }
                return new Run(listeners, size, connect, rssBefore, rssConnected, ProcessStats.rssKb(broker), idle,
                        figures);
            }
        }
    }

    private static Round round(int r, long broker, LightStations stations, LightCentral central, CommandSigner operator)
            throws Exception {
        int size = stations.ids().size();
        String jti = "fanout-" + System.nanoTime();
        long now = Instant.now().getEpochSecond();
        byte[] command = operator.sign(CommandSigner.claims(jti, "bench", "group/province", now, now + 60, "play",
                Map.of("source", "tone:880", "priority", "emergency", "duration_s", 2))).getBytes(StandardCharsets.UTF_8);
        stations.expect(jti);
        String load = ProcessStats.loadAverage();
        long receivedBefore = stations.received();
        long[] sched0 = ProcessStats.schedNanos(broker);
        long standIns0 = stations.cpuNanos();
        long central0 = central.cpuNanos();
        long published = central.publish(P + "/group/province/cmd", command, jti);
        // polled each ms, so the broker's and the stand-ins' CPU are read soon after the last delivery (later when
        // this thread waits for a core: the time it was read is printed)
        long deadline = published + Duration.ofSeconds(Math.max(30, size / 200)).toNanos();
        long[] delivered;
        while (true) {
            delivered = stations.commandNanos();
            boolean all = Arrays.stream(delivered).allMatch(n -> n > published);
            if (all || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1);
        }
        long[] sched1 = ProcessStats.schedNanos(broker);
        long sampled = System.nanoTime();
        long standIns1 = stations.cpuNanos();
        long central1 = central.cpuNanos();
        LightCentral.Round acks = central.await(Duration.ofSeconds(Math.max(60, size / 100)));
        long[] sched2 = ProcessStats.schedNanos(broker);
        List<Double> delivery = millisAfter(published, delivered);
        List<Double> started = millisAfter(published, acks.startedNanos());
        long duplicates = stations.received() - receivedBefore - delivery.size() + acks.duplicates();
        Round round = new Round(delivery, started, size - delivery.size(), size - started.size(), duplicates,
                (sched1[0] - sched0[0]) / 1e6, (sched1[1] - sched0[1]) / 1e6, (standIns1 - standIns0) / 1e6,
                (central1 - central0) / 1e6, (sched2[0] - sched0[0]) / 1e6, load);
        System.out.printf("round %d (load %s): publish -> delivered p50 %.0f / p99 %.0f / max %.0f ms; -> started at "
                        + "the central p50 %.0f / p99 %.0f / max %.0f ms; until the last delivery was seen (%.0f ms after the "
                        + "publish) the broker ran %.0f ms and waited %.0f ms for a core, the stand-ins ran %.0f ms, the "
                        + "central %.0f ms; broker until the last started %.0f ms; commands lost %d, started acks missing at "
                        + "the central %d, duplicates %d%n", r, load, pct(delivery, 50), pct(delivery, 99),
                pct(delivery, 100), pct(started, 50), pct(started, 99), pct(started, 100), (sampled - published) / 1e6,
                round.brokerRun, round.brokerWait, round.standInsCpu, round.centralCpu, round.brokerRunToStarted,
                round.lost, round.lostAcks, duplicates);
        return round;
    }

    /** The times after {@code start}, in ms, sorted; times of 0 or before it (none this round) left out. */
    private static List<Double> millisAfter(long start, long[] nanos) {
        List<Double> ms = new ArrayList<>();
        for (long n : nanos) {
            if (n > start) {
                ms.add((n - start) / 1e6);
            }
        }
        ms.sort(null);
        return ms;
    }

    private static String oneMinute(String loadAverage) {
        return loadAverage.split(" ")[0];
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.isEmpty() ? Double.NaN : GroupBroadcast.percentile(sorted, p);
    }

    private static void print(List<Run> runs) {
        System.out.println();
        System.out.println("| listener | N | connect | broker RSS idle / after rounds | broker idle CPU | publish -> "
                + "last delivery, p50 / p99 / max (ms), per round | broker ran / waited, until the last delivery (ms) | "
                + "stand-ins' + central's CPU, same span (ms) | -> started at the central, p99 (ms) | commands lost, "
                + "acks missing, duplicates | "
                + "load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Run run : runs) {
            StringBuilder latencies = new StringBuilder();
            StringBuilder broker = new StringBuilder();
            StringBuilder clients = new StringBuilder();
            StringBuilder started = new StringBuilder();
            long lost = 0;
            long lostAcks = 0;
            long duplicates = 0;
            for (Round r : run.rounds) {
                String sep = latencies.length() == 0 ? "" : "; ";
                latencies.append(String.format("%s%.0f / %.0f / %.0f", sep, pct(r.delivered, 50), pct(r.delivered, 99),
                        pct(r.delivered, 100)));
                broker.append(String.format("%s%.0f / %.0f", sep, r.brokerRun, r.brokerWait));
                clients.append(String.format("%s%.0f + %.0f", sep, r.standInsCpu, r.centralCpu));
                started.append(String.format("%s%.0f", sep, pct(r.started, 99)));
                lost += r.lost;
                lostAcks += r.lostAcks;
                duplicates += r.duplicates;
            }
            String loads = oneMinute(run.rounds.get(0).load) + "–" + oneMinute(run.rounds.get(run.rounds.size() - 1).load);
            System.out.printf("| %s | %,d | %.1f s | %d / %d MB | %.2f %% | %s | %s | %s | %s | %d, %d, %d | %s |%n",
                    run.listeners.name().toLowerCase(), run.size, run.connectSeconds, run.rssConnectedKb >> 10,
                    run.rssAfterKb >> 10, run.idleCpuPercent, latencies, broker, clients, started, lost, lostAcks, duplicates,
                    loads);
        }
    }
}

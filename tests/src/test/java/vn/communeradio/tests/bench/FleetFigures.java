package vn.communeradio.tests.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.communeradio.tests.support.GroupBroadcast;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.ProcessStats;

/** What {@link FleetBench} prints: the fleet's and the brokers' CPU, memory, threads and files, and each round. */
final class FleetFigures {

    private final long self = ProcessHandle.current().pid();
    private final Mosquitto broker;
    /** The province broker behind a bridged district broker, or null. */
    private final Mosquitto province;
    private final int size;
    private final int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    private final long rssBefore;

    /** Taken before the stations start: what the JVM had without them. */
    FleetFigures(Mosquitto broker, Mosquitto province, int size) throws IOException {
        this.broker = broker;
        this.province = province;
        this.size = size;
        this.rssBefore = ProcessStats.rssKb(self);
    }

    long stationsCpuMillis() throws IOException {
        return ProcessStats.cpuMillis(self);
    }

    long brokerCpuMillis() throws IOException {
        return ProcessStats.cpuMillis(broker.pid());
    }

    /** Waits {@code span} with the fleet idle, prints what it cost by thread, returns CPU ms per second. */
    double idle(Duration span) throws IOException, InterruptedException {
        long jvmCpu = stationsCpuMillis();
        long brokerCpu = brokerCpuMillis();
        long from = System.nanoTime();
        Map<String, Long> threadCpu = cpuByThreadKind();
        Thread.sleep(span.toMillis()); // idle: what the fleet costs when nothing happens
        double seconds = (System.nanoTime() - from) / 1e9;
        double rate = (stationsCpuMillis() - jvmCpu) / seconds;
        System.out.printf("idle %d s: stations %.1f %% of a core (%.3f %% each), broker %.1f %%%n", span.toSeconds(),
                rate / 10, rate / 10 / size, (brokerCpuMillis() - brokerCpu) / seconds / 10);
        System.out.printf("  idle CPU by thread, ms per s for all stations: %s%n",
                cpuSince(threadCpu, seconds));
        return rate;
    }

    /** CPU time so far of this JVM's live threads, by kind: pass it to {@link #cpuSince} later. */
    Map<String, Long> threadCpu() {
        return cpuByThreadKind();
    }

    /** CPU used by each kind of thread since {@code before}, in ms per second over {@code seconds}. */
    String cpuSince(Map<String, Long> before, double seconds) {
        StringBuilder byKind = new StringBuilder();
        cpuByThreadKind().forEach((kind, ns) -> {
            double ms = (ns - before.getOrDefault(kind, 0L)) / 1e6 / seconds;
            if (ms >= 1) {
                byKind.append(String.format("%s %.0f, ", kind, ms));
            }
        });
        return byKind.toString().replaceAll(", $", "");
    }

    /** One round's latencies, losses and CPU (above {@code idleRate}, CPU ms per second). */
    void round(int round, GroupBroadcast b, String load, double seconds, long cpuMillis, long brokerCpuMillis,
               int toneSeconds, double idleRate) {
        List<Double> accepted = b.millisTo("accepted");
        List<Double> started = b.millisTo("started");
        System.out.printf("round %d (load %s): send exit %d%s%n", round, load, b.sendStatus(),
                b.sendStatus() == 0 ? "" : " " + b.sendOutput().strip());
        latency("accepted", accepted);
        latency("started ", started);
        int lostStarted = b.missing("started").size();
        long duplicates = duplicates(b.acks("accepted")) + duplicates(b.acks("started"))
                + duplicates(b.acks("finished")) + duplicates(b.logRecords());
        System.out.printf("  lost: %d started, %d finished, %d log records (of %d each); duplicates %d%n",
                lostStarted, b.missing("finished").size(), size - b.logRecords().size(), size, duplicates);
        if (lostStarted > 0) {
            System.out.printf("  no started from e.g. %s%n", b.missing("started").stream().limit(5).toList());
        }
        double above = cpuMillis - idleRate * seconds;
        System.out.printf("  CPU during the round (%.1f s, %d s tone): stations %.1f s, of which above idle "
                + "%.1f s (%.1f ms per station); broker %.2f s%n", seconds, toneSeconds, cpuMillis / 1e3, above / 1e3,
                above / size, brokerCpuMillis / 1e3);
    }

    private static void latency(String status, List<Double> sorted) {
        System.out.printf("  publish -> %s at central: p50 %.0f ms  p99 %.0f ms  max %.0f ms  (%d stations)%n",
                status, GroupBroadcast.percentile(sorted, 50), GroupBroadcast.percentile(sorted, 99),
                GroupBroadcast.percentile(sorted, 100), sorted.size());
    }

    private static long duplicates(Map<String, Integer> counts) {
        return counts.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** Memory, threads and files of this JVM and the brokers, and the threads each station has, by name. */
    void footprint() throws IOException {
        System.gc();
        var heapUsage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long heap = heapUsage.getUsed();
        long rss = ProcessStats.rssKb(self);
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("  JVM: heap after GC %d MB (%.0f KB per station) of %d MB committed, RSS %d MB (%.0f KB "
                        + "per station above the %d MB before), %d threads (%.1f per station), %d open files%n",
                heap >> 20, heap / 1024.0 / size, heapUsage.getCommitted() >> 20, rss >> 10,
                (rss - rssBefore) / (double) size, rssBefore >> 10, threads, (threads - threadsBefore) / (double) size,
                ProcessStats.openFiles(self));
        long brokerRss = ProcessStats.rssKb(broker.pid());
        System.out.printf("  broker: RSS %d MB (%.1f KB per station), CPU %.1f s in all, %d open files%n",
                brokerRss >> 10, brokerRss / (double) size, brokerCpuMillis() / 1e3,
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
}

package vn.communeradio.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.Central;
import vn.communeradio.tests.support.Mosquitto;
import vn.communeradio.tests.support.MqttTestClient;
import vn.communeradio.tests.support.ProcessStats;
import vn.communeradio.tests.support.ServiceJvm;
import vn.communeradio.tests.support.ServiceProcess;
import vn.communeradio.tests.support.SigningKeys;
import vn.communeradio.tests.support.StationUnderTest;

/**
 * One station's command path as a board runs it: the packaged service ({@code java} with the flags of
 * packaging/jvm.options and the class-data archive, {@code -jar commune-radio.jar run}: {@link ServiceJvm}; simulated
 * GPIO, null audio, amplifier warm-up 0) on a loopback Mosquitto, optionally in a cgroup with a CPU quota ({@link
 * CpuQuota}: a board's budget) and with every sync of its state directory slowed ({@link SlowSync}: the replay window
 * is synced per command). A central client publishes a signed emergency {@code play}; timed from the publish call to
 * the {@code accepted} ack, to the state saying the amplifier relay is on (published right after the relay is switched)
 * and to the {@code started} ack, each as it reaches the central client. A {@code stop} follows once the relay has been
 * on for {@code relay.min_interval_ms} (1 s as shipped), and the next command once it has been off as long: the relay
 * never waits out its minimum interval, so none of it is measured. The first {@value #WARMUP} commands of each
 * configuration are not counted (the JIT). Not a test: run {@code tests/bench.sh CommandLatencyBench [COMMANDS] [--cpu
 * PERCENT,...] [--sync-ms MS,...] [--period-us US]} ({@code --cpu 100} is no quota; the quota's period is 10 ms unless
 * said: a short period spreads the budget finely, as a slower core would, where the kernel's default 100 ms lets a
 * burst run at full speed and then stalls it for the rest of the period), e.g. {@code tests/bench.sh
 * CommandLatencyBench 300 --cpu 100,25 --sync-ms 0,20}.
 */
public final class CommandLatencyBench {

    static final int WARMUP = 30;
    private static final String STATION = "bench-1";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** relay.min_interval_ms as shipped, and a margin over it: the next command never meets it. */
    private static final Duration RELAY_INTERVAL = Duration.ofMillis(1_000 + 50);

    private CommandLatencyBench() {
    }

    /** One configuration's figures, in milliseconds, sorted. */
    private record Row(int cpuPercent, int syncMillis, List<Double> accepted, List<Double> ampOn, List<Double> started,
                       double cpuMillisPerCommand, String throttling, String load) {
    }

    public static void main(String[] args) throws Exception {
        int commands = 300;
        List<Integer> cpus = List.of(100);
        List<Integer> syncs = List.of(0);
        int period = 10_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cpu" -> cpus = ints(args[++i]);
                case "--sync-ms" -> syncs = ints(args[++i]);
                case "--period-us" -> period = Integer.parseInt(args[++i]);
                default -> commands = Integer.parseInt(args[i]);
            }
        }
        Path dir = Files.createTempDirectory("latency-bench");
        List<Row> rows = new ArrayList<>();
        try (Mosquitto broker = Mosquitto.start()) {
            SlowSync slowSync = syncs.stream().anyMatch(s -> s > 0) ? SlowSync.build(dir) : null;
            List<String> flags = ServiceJvm.options();
            System.out.printf("JVM flags (packaging/jvm.options): %s (+ the class-data archive); %d commands per "
                    + "configuration after %d not counted; load before %s%n", String.join(" ", flags), commands, WARMUP,
                    ProcessStats.loadAverage());
            for (int cpu : cpus) {
                for (int sync : syncs) {
                    rows.add(measure(broker, dir.resolve("run-" + cpu + "-" + sync), cpu, period,
                            sync > 0 ? slowSync.environment(sync) : Map.of(), sync, commands));
                }
            }
        } finally {
            vn.communeradio.tests.support.Command.ok("rm", "-rf", dir.toString());
        }
        System.out.printf("%ncommand published -> central receives, %d commands each, ms (p50 / p90 / p99 / max)%n",
                commands);
        System.out.println("| CPU | sync | accepted | amp relay on | started | service CPU per cycle | quota | load |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf("| %s | %s | %s | %s | %s | %.1f ms | %s | %s |%n",
                    r.cpuPercent >= 100 ? "no quota" : r.cpuPercent + " % of a core",
                    r.syncMillis > 0 ? "+" + r.syncMillis + " ms" : "this disk", figures(r.accepted),
                    figures(r.ampOn), figures(r.started), r.cpuMillisPerCommand, r.throttling, r.load);
        }
    }

    private static Row measure(Mosquitto broker, Path dir, int cpu, int period,
                               Map<String, String> env, int sync, int commands) throws Exception {
        SigningKeys keys = new SigningKeys(Files.createDirectories(dir).resolve("keys"));
        CommandSigner province = keys.create("province");
        StationUnderTest station = StationUnderTest.forBench(STATION, dir, broker.url(), keys.dir(), """
                security.emergency_keys = province
                playback.idle_hold_s = 0
                """);
        CpuQuota quota = cpu < 100 ? CpuQuota.create("commune-radio-bench-" + ProcessHandle.current().pid(), cpu, period)
                : null;
        String prefix = Central.PREFIX + "/station/" + STATION;
        try (MqttTestClient central = new MqttTestClient(broker.url(), prefix + "/ack", prefix + "/state");
             ServiceProcess service = station.launch(env, quota == null ? List.of() : quota.launcher(), List.of())) {
            // a bench stopped with ^C leaves neither the service running nor its cgroup behind
            Thread cleanup = new Thread(() -> {
                ProcessHandle.of(service.pid()).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
                closeQuietly(quota);
            });
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                service.awaitLine("MQTT broker .* connected", Duration.ofSeconds(120));
                central.await(m -> m.topic().endsWith("/state") && m.payload().contains("\"online\":true"), WAIT);
                System.out.printf("%n%s, sync %s: service pid %d started%n",
                        quota == null ? "no CPU quota" : quota.describe(), sync > 0 ? "+" + sync
                                + " ms per fsync/fdatasync (one at a time)" : "as this machine's disk", service.pid());
                Row row = run(central, province, service, commands, cpu, sync, quota);
                service.terminate();
                service.awaitExit(Duration.ofSeconds(60));
                return row;
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        } finally {
            closeQuietly(quota);
        }
    }

    /** {@value #WARMUP} commands, then {@code commands} timed ones. */
    private static Row run(MqttTestClient central, CommandSigner province, ServiceProcess service, int commands,
                           int cpu, int sync, CpuQuota quota) throws Exception {
        String prefix = Central.PREFIX + "/station/" + STATION;
        List<Double> accepted = new ArrayList<>();
        List<Double> ampOn = new ArrayList<>();
        List<Double> started = new ArrayList<>();
        long cpuBefore = 0;
        String loadBefore = "";
        long ampOffNanos = System.nanoTime() - RELAY_INTERVAL.toNanos();
        for (int i = 0; i < WARMUP + commands; i++) {
            if (i == WARMUP) {
                cpuBefore = ProcessStats.cpuMillis(service.pid());
                loadBefore = ProcessStats.loadAverage();
            }
            sleepUntil(ampOffNanos + RELAY_INTERVAL.toNanos());
            long now = Instant.now().getEpochSecond();
            String jti = "p-" + i;
            String play = province.sign(CommandSigner.claims(jti, "bench", "station/" + STATION, now, now + 60,
                    "play", Map.of("source", "tone:880", "priority", "emergency", "session", "s" + i)));
            int skip = central.count();
            long published = System.nanoTime();
            central.publish(prefix + "/cmd", play, false);
            long acceptedAt = central.await(ack(jti, "accepted"), skip, WAIT).arrivedNanos();
            long ampOnAt = central.await(amp(true), skip, WAIT).arrivedNanos();
            long startedAt = central.await(ack(jti, "started"), skip, WAIT).arrivedNanos();
            if (i >= WARMUP) {
                accepted.add((acceptedAt - published) / 1e6);
                ampOn.add((ampOnAt - published) / 1e6);
                started.add((startedAt - published) / 1e6);
            }
            // switched off sooner, the relay would wait out its interval and so would the next command
            sleepUntil(ampOnAt + RELAY_INTERVAL.toNanos());
            String stop = province.sign(CommandSigner.claims("s-" + i, "bench", "station/" + STATION, now,
                    now + 60, "stop", Map.of("session", "s" + i)));
            skip = central.count();
            central.publish(prefix + "/cmd", stop, false);
            central.await(ack(jti, "stopped"), skip, WAIT);
            ampOffNanos = central.await(amp(false), skip, WAIT).arrivedNanos();
        }
        double cpuPerCycle = (ProcessStats.cpuMillis(service.pid()) - cpuBefore) / (double) commands;
        String load = loadBefore + " -> " + ProcessStats.loadAverage();
        String throttling = quota == null ? "no quota" : quota.throttling();
        Collections.sort(accepted);
        Collections.sort(ampOn);
        Collections.sort(started);
        System.out.printf("  accepted %s; amp relay on %s; started %s ms; %.1f ms of service CPU per cycle (play, "
                        + "1 s of tone, stop, 1 s idle); %s; load %s%n", figures(accepted), figures(ampOn),
                figures(started), cpuPerCycle, throttling, load);
        return new Row(cpu, sync, accepted, ampOn, started, cpuPerCycle, throttling, load);
    }

    private static void closeQuietly(CpuQuota quota) {
        if (quota != null) {
            try {
                quota.close();
            } catch (java.io.IOException e) {
                System.err.println("cgroup left behind: " + e.getMessage());
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static Predicate<MqttTestClient.Received> ack(String jti, String status) {
        return m -> m.topic().endsWith("/ack") && m.payload().contains("\"id\":\"" + jti + "\"")
                && m.payload().contains("\"status\":\"" + status + "\"");
    }

    /** A state saying the amplifier relay is {@code on}. */
    private static Predicate<MqttTestClient.Received> amp(boolean on) {
        return m -> m.topic().endsWith("/state") && m.payload().contains("\"amp\":" + on);
    }

    private static String figures(List<Double> sorted) {
        return String.format("%.1f / %.1f / %.1f / %.1f", pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}

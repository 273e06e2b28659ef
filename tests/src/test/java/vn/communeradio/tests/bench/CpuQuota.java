package vn.communeradio.tests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A board-like CPU budget for one process: a cgroup of its own with a CFS quota ({@code percent} of one core in
 * every period), which the process enters before its program starts (see {@link #launcher}), so every thread it
 * ever has is held to the budget. cgroup v1 (the cpu controller at /sys/fs/cgroup/cpu) or v2 (cpu.max), as root.
 * Deleted at close, once the process has ended.
 */
final class CpuQuota implements AutoCloseable {

    private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2 = Path.of("/sys/fs/cgroup");

    private final Path group;
    private final boolean v1;
    private final int percent;
    private final int periodMicros;

    private CpuQuota(Path group, boolean v1, int percent, int periodMicros) {
        this.group = group;
        this.v1 = v1;
        this.percent = percent;
        this.periodMicros = periodMicros;
    }

    /** A new group allowing {@code percent} % of one core per {@code periodMicros} (1,000 to 1,000,000). */
    static CpuQuota create(String name, int percent, int periodMicros) throws IOException {
        if (percent < 1 || periodMicros < 1_000 || periodMicros > 1_000_000) {
            throw new IllegalArgumentException("CPU quota " + percent + " % per " + periodMicros + " us is out of range");
        }
        long quota = Math.max(1_000, (long) periodMicros * percent / 100);
        if (Files.isWritable(V1.resolve("cpu.cfs_quota_us"))) {
            Path group = Files.createDirectories(V1.resolve(name));
            Files.writeString(group.resolve("cpu.cfs_period_us"), String.valueOf(periodMicros));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), String.valueOf(quota));
            return new CpuQuota(group, true, percent, periodMicros);
        }
        Path controllers = V2.resolve("cgroup.controllers");
        if (Files.isReadable(controllers) && List.of(Files.readString(controllers).strip().split(" ")).contains("cpu")) {
            Files.writeString(V2.resolve("cgroup.subtree_control"), "+cpu");
            Path group = Files.createDirectories(V2.resolve(name));
            Files.writeString(group.resolve("cpu.max"), quota + " " + periodMicros);
            return new CpuQuota(group, false, percent, periodMicros);
        }
        throw new IOException("no writable cgroup cpu controller (v1 " + V1 + "/cpu.cfs_quota_us or v2 " + controllers
                + " listing cpu): run as root on a machine that has one, or without --cpu");
    }

    /** A command prefix that puts itself into the group and execs the rest, keeping its process id. */
    List<String> launcher() {
        return List.of("sh", "-c", "echo $$ > " + group.resolve("cgroup.procs") + " && exec \"$@\"", "sh");
    }

    /** How often the group's tasks were throttled (periods that ran out of quota) and how long, from cpu.stat. */
    String throttling() throws IOException {
        long periods = 0;
        long throttled = 0;
        long nanos = 0;
        for (String line : Files.readAllLines(group.resolve("cpu.stat"))) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "nr_periods" -> periods = Long.parseLong(f[1]);
                case "nr_throttled" -> throttled = Long.parseLong(f[1]);
                case "throttled_time" -> nanos = Long.parseLong(f[1]); // v1: ns
                case "throttled_usec" -> nanos = Long.parseLong(f[1]) * 1_000; // v2
                default -> {
                }
            }
        }
        return String.format("throttled in %d of %d periods, %.1f s in all", throttled, periods, nanos / 1e9);
    }

    String describe() {
        return String.format("%d %% of one core (cgroup %s quota %d us per %d us period)", percent,
                v1 ? "v1" : "v2", Math.max(1_000, (long) periodMicros * percent / 100), periodMicros);
    }

    @Override
    public void close() throws IOException {
        // a group can only go once its processes have; an rmdir of a cgroup directory is how it is deleted
        Files.deleteIfExists(group);
    }
}

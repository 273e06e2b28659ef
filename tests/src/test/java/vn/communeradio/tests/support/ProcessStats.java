package vn.communeradio.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, CPU time, threads and open files, read from Linux's /proc. */
public final class ProcessStats {

    /** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ). */
    private static final int MILLIS_PER_TICK = 10;

    private ProcessStats() {
    }

    /** Resident memory (VmRSS) in KB. */
    public static long rssKb(long pid) throws IOException {
        return statusField(pid, "VmRSS:");
    }

    /** Resident anonymous memory (RssAnon) in KB: the Java heap, malloc's arenas, stacks; no file's pages. */
    public static long rssAnonKb(long pid) throws IOException {
        return statusField(pid, "RssAnon:");
    }

    /** Resident pages of mapped files (RssFile) in KB: libjvm and the other libraries, the class-data archive. */
    public static long rssFileKb(long pid) throws IOException {
        return statusField(pid, "RssFile:");
    }

    /** Resident shared memory (RssShmem) in KB: a JACK client's mapping of its server's segment, say. */
    public static long rssShmemKb(long pid) throws IOException {
        return statusField(pid, "RssShmem:");
    }

    /**
     * Resident memory (KB) of the mappings starting below {@code address}, from /proc/PID/smaps: under qemu-user,
     * where the guest program's mappings lie low and the emulator's own (its binary, its heap, its translated
     * code) high, the guest's share.
     */
    public static long rssBelowKb(long pid, long address) throws IOException {
        return rssWithinKb(pid, 0, address);
    }

    /**
     * Resident memory (KB) of the mappings starting in [{@code from}, {@code to}) (unsigned addresses), from
     * /proc/PID/smaps: a reserved range's share, such as the Java heap's.
     */
    public static long rssWithinKb(long pid, long from, long to) throws IOException {
        long kb = 0;
        boolean within = false;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps"))) {
            int dash = line.indexOf('-');
            if (dash > 0 && line.substring(0, dash).matches("[0-9a-f]+")) {
                long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                within = Long.compareUnsigned(start, from) >= 0 && Long.compareUnsigned(start, to) < 0;
            } else if (within && line.startsWith("Rss:")) {
                kb += Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return kb;
    }

    /** Threads (the Threads: line of /proc/PID/status). */
    public static long threads(long pid) throws IOException {
        return statusField(pid, "Threads:");
    }

    /** utime + stime of the process (/proc/PID/stat fields 14 and 15), in milliseconds. */
    public static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MILLIS_PER_TICK;
    }

    /**
     * Time the process's main thread has run on a CPU and waited on a run queue for one, in ns, from
     * /proc/PID/schedstat (the scheduler's own accounting, not ticks): all of a single-threaded process.
     */
    public static long[] schedNanos(long pid) throws IOException {
        String[] f = Files.readString(Path.of("/proc", String.valueOf(pid), "schedstat")).strip().split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    /** Descriptors open now. */
    public static long openFiles(long pid) throws IOException {
        try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return fds.count();
        }
    }

    /** The soft limit on open files ("Max open files" of /proc/PID/limits). */
    public static long openFilesLimit(long pid) throws IOException {
        return openFilesLimits(pid)[0];
    }

    /** The hard limit on open files: how far the process may raise its soft limit without privileges. */
    public static long openFilesHardLimit(long pid) throws IOException {
        return openFilesLimits(pid)[1];
    }

    private static long[] openFilesLimits(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
            }
        }
        throw new IOException("no open-file limit for process " + pid);
    }

    /** The machine's load average over 1, 5 and 15 minutes, as /proc/loadavg says it ("0.52 0.60 0.66"). */
    public static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
    }

    private static long statusField(long pid, String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no " + name + " for process " + pid);
    }
}

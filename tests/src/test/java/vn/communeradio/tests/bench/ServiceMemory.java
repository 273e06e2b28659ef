package vn.communeradio.tests.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.ProcessStats;

/**
 * A running service's memory seen from outside, without touching it: resident memory from /proc, the heap's
 * committed and used sizes from the JVM's own performance counters ({@code jstat -gc}, which reads the file the
 * JVM keeps in {@code /tmp/hsperfdata_USER}: no attach, no thread in the service), each GC's pause from the GC log
 * the service writes ({@link #gcLogFlag}: logging is the one flag added to those the package ships), threads and
 * open files; the heap's resident share from /proc/PID/smaps, the heap's address being in the GC log, so that what
 * grows besides the heap shows. {@link #sample} gives one row; the pauses in it are those logged since the row
 * before.
 */
final class ServiceMemory {

    /** {@code [12.345s] GC(7) Pause Young (Allocation Failure) 17M->3M(61M) 1.234ms}, as -Xlog:gc writes it. */
    private static final Pattern PAUSE = Pattern.compile(
            "Pause (Young|Full) \\((.*)\\) (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");
    /** A line of /proc/PID/smaps that starts a mapping: its start, permissions and file, if any. */
    private static final Pattern MAPPING = Pattern.compile(
            "([0-9a-f]+)-[0-9a-f]+ (\\S+) \\S+ \\S+ \\S+\\s*(.*)");
    /** {@code Heap address: 0x00000000fc000000, size: 64 MB, ...}, as -Xlog:gc+heap+coops=debug writes it. */
    private static final Pattern HEAP = Pattern.compile("Heap address: 0x([0-9a-f]+), size: (\\d+) MB");

    /** One row: what the process holds now, and the GC pauses since the row before. */
    record Sample(long rssKb, long anonKb, long fileKb, long heapResidentKb, long heapCommittedKb, long heapUsedKb, long oldUsedKb,
                  long metaspaceUsedKb, long youngGcs, long fullGcs, long threads, long openFiles, Pauses pauses) {

        static String header() {
            return String.format(Locale.ROOT, "%8s %8s %8s %8s | %9s %7s %7s %7s %6s | %5s %4s %7s %7s | %4s %4s",
                    "VmRSS", "RssAnon", "RssFile", "not heap", "heap res", "comm", "used", "old", "meta", "young", "full",
                    "p50 ms", "max ms", "thr", "fds");
        }

        /** Megabytes with one decimal: KB / 1024. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%8s %8s %8s %8s | %9s %7s %7s %7s %6s | %5d %4d %7s %7s | %4d %4d",
                    mb(rssKb), mb(anonKb), mb(fileKb), mb(rssKb - heapResidentKb), mb(heapResidentKb),
                    mb(heapCommittedKb), mb(heapUsedKb), mb(oldUsedKb),
                    mb(metaspaceUsedKb), youngGcs, fullGcs, pauses.count() == 0 ? "-" : ms(pauses.p50()),
                    pauses.count() == 0 ? "-" : ms(pauses.max()), threads, openFiles);
        }
    }

    /** GC pauses: how many, their median and longest (ms), and the heap after the last one (MB, as logged). */
    record Pauses(int count, double p50, double max, int fulls, long lastAfterMb, long lastCommittedMb) {
        static final Pauses NONE = new Pauses(0, 0, 0, 0, -1, -1);

        static Pauses of(List<double[]> events) {
            if (events.isEmpty()) {
                return NONE;
            }
            List<Double> ms = new ArrayList<>();
            int fulls = 0;
            for (double[] e : events) {
                ms.add(e[0]);
                fulls += (int) e[1];
            }
            Collections.sort(ms);
            double[] last = events.get(events.size() - 1);
            return new Pauses(ms.size(), ms.get((ms.size() - 1) / 2), ms.get(ms.size() - 1), fulls, (long) last[2],
                    (long) last[3]);
        }
    }

    private final long pid;
    private final Path gcLog;
    private long gcLogOffset;
    private final StringBuilder partialLine = new StringBuilder();
    /** Every pause logged so far: {ms, 1 if full, heap after MB, heap committed MB}. */
    private final List<double[]> all = new ArrayList<>();
    private int reported;
    /** The heap's reserved range, once the GC log has said where it is: {start, end}. */
    private long[] heapRange;

    ServiceMemory(long pid, Path gcLog) {
        this.pid = pid;
        this.gcLog = gcLog;
    }

    /** The flag that makes the service log each GC, with its pause and heap sizes, to {@code log}. */
    static String gcLogFlag(Path log) {
        return "-Xlog:gc,gc+heap+coops=debug:file=" + log + ":uptime";
    }

    /** One row now; its pauses are those logged since the last row. */
    Sample sample() throws IOException, InterruptedException {
        readGcLog();
        Map<String, Double> gc = jstat();
        Pauses since = Pauses.of(all.subList(reported, all.size()));
        reported = all.size();
        long committed = kb(gc, "S0C") + kb(gc, "S1C") + kb(gc, "EC") + kb(gc, "OC");
        long used = kb(gc, "S0U") + kb(gc, "S1U") + kb(gc, "EU") + kb(gc, "OU");
        if (heapRange == null) {
            throw new IllegalStateException("the GC log " + gcLog + " has not said where the heap is");
        }
        return new Sample(ProcessStats.rssKb(pid), ProcessStats.rssAnonKb(pid), ProcessStats.rssFileKb(pid),
                ProcessStats.rssWithinKb(pid, heapRange[0], heapRange[1]), committed, used, kb(gc, "OU"), kb(gc, "MU"), kb(gc, "YGC"), kb(gc, "FGC"),
                ProcessStats.threads(pid), ProcessStats.openFiles(pid), since);
    }

    /** Every pause since the service started. */
    Pauses overall() throws IOException {
        readGcLog();
        return Pauses.of(all);
    }

    /**
     * The live set: the heap used after a full collection asked for now ({@code jcmd PID GC.run}, which attaches to
     * the service: only at the end of a run).
     */
    long liveSetKbAfterFullGc() throws IOException, InterruptedException {
        Command.ok("jcmd", String.valueOf(pid), "GC.run");
        Map<String, Double> gc = jstat();
        return kb(gc, "S0U") + kb(gc, "S1U") + kb(gc, "EU") + kb(gc, "OU");
    }

    /**
     * Resident memory by kind of mapping, from /proc/PID/smaps (MB): the heap's range; the class-data archives
     * (.jsa); other files (libjvm, the other libraries, the jar, the modules image); executable anonymous mappings
     * (the JIT's code cache); anonymous mappings starting on a 64 MB boundary (glibc's malloc arenas of the threads
     * other than the main one: the native decoders' buffers among them); the rest (metaspace, thread stacks, the
     * JVM's own structures, the main malloc heap). What is not the heap, and which part of it grew.
     */
    Map<String, Long> residentByKind() throws IOException {
        Map<String, Long> kb = new TreeMap<>();
        String kind = null;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps"))) {
            Matcher mapping = MAPPING.matcher(line);
            if (mapping.matches()) {
                kind = kind(Long.parseUnsignedLong(mapping.group(1), 16), mapping.group(2), mapping.group(3).strip());
            } else if (kind != null && line.startsWith("Rss:")) {
                kb.merge(kind, Long.parseLong(line.replaceAll("\\D", "")), Long::sum);
            }
        }
        return kb;
    }

    private String kind(long start, String permissions, String file) {
        if (heapRange != null && Long.compareUnsigned(start, heapRange[0]) >= 0
                && Long.compareUnsigned(start, heapRange[1]) < 0) {
            return "heap";
        }
        if (file.startsWith("/dev/shm/jack")) {
            return "JACK shared memory"; // the server's graph and port buffers, mapped by its clients (hal.audio=jack)
        }
        if (file.endsWith(".jsa")) {
            return "class-data archives";
        }
        if (file.startsWith("/")) {
            return "other files";
        }
        if (!file.isEmpty()) {
            return "rest"; // [heap], [stack], [vdso]...
        }
        if (permissions.contains("x")) {
            return "code cache";
        }
        return start % (64L << 20) == 0 ? "malloc arenas" : "rest";
    }

    /** Native memory by category, when the service runs with -XX:NativeMemoryTracking=summary (attaches). */
    String nativeMemorySummary() throws IOException, InterruptedException {
        return Command.ok("jcmd", String.valueOf(pid), "VM.native_memory", "summary");
    }

    private Map<String, Double> jstat() throws IOException, InterruptedException {
        String[] lines = Command.ok("jstat", "-gc", String.valueOf(pid)).strip().split("\n");
        String[] names = lines[0].strip().split("\\s+");
        String[] values = lines[lines.length - 1].strip().split("\\s+");
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < names.length && i < values.length; i++) {
            out.put(names[i], values[i].equals("-") ? 0 : Double.parseDouble(values[i]));
        }
        return out;
    }

    private static long kb(Map<String, Double> gc, String name) {
        Double v = gc.get(name);
        if (v == null) {
            throw new IllegalStateException("jstat -gc printed no " + name + ": " + gc.keySet());
        }
        return Math.round(v);
    }

    private void readGcLog() throws IOException {
        if (!Files.exists(gcLog)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(gcLog.toFile(), "r")) {
            if (file.length() <= gcLogOffset) {
                return;
            }
            byte[] bytes = new byte[(int) (file.length() - gcLogOffset)];
            file.seek(gcLogOffset);
            file.readFully(bytes);
            gcLogOffset += bytes.length;
            partialLine.append(new String(bytes, StandardCharsets.UTF_8));
        }
        int end;
        while ((end = partialLine.indexOf("\n")) >= 0) {
            String line = partialLine.substring(0, end);
            Matcher heap = HEAP.matcher(line);
            if (heap.find()) {
                long start = Long.parseUnsignedLong(heap.group(1), 16);
                heapRange = new long[] {start, start + (Long.parseLong(heap.group(2)) << 20)};
            }
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                all.add(new double[] {Double.parseDouble(m.group(6)), m.group(1).equals("Full") ? 1 : 0,
                        Long.parseLong(m.group(4)), Long.parseLong(m.group(5))});
            }
            partialLine.delete(0, end + 1);
        }
    }

    static String mb(long kb) {
        return String.format(Locale.ROOT, "%.1f", kb / 1024.0);
    }

    static String ms(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }
}

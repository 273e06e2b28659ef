package vn.communeradio.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tinylog.Logger;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * The broadcast journal on disk: append-only segment files of JSON lines ({@code segment-NNNNNN.jsonl}), one
 * fdatasync per line, never a rewrite. Three kinds of line: a segment header ({@code segment}, the next
 * {@code seq}, records dropped so far), a session marker ({@code open}: a session started) and a log record
 * ({@code seq}; it closes the marker with the same jti).
 *
 * <p>Bounded: when a new segment would take the directory past {@code maxBytes}, the oldest segments go first;
 * records in them that the broker had not acknowledged are counted, and the count rides in the next header
 * and the next record ({@code dropped}). Markers of sessions still open are copied into each new segment, so a
 * dropped segment never takes an open session with it.
 *
 * <p>Recovery: {@code seq} continues after the largest of the last record, the last header and the
 * acknowledged position, so it is never reused. A last line cut short by a power cut is cut off the file;
 * if it still shows its {@code seq}, that seq is skipped too (a gap, never a reuse). Its session's marker
 * stays open, so the session is logged {@code interrupted}. Not thread-safe on its own: every method is
 * synchronized because the forwarder reads from the link's threads.
 */
public final class Journal implements AutoCloseable {

    static final String PREFIX = "segment-";
    static final String SUFFIX = ".jsonl";
    /** Smallest segment: below a few KiB, headers and carried markers would be most of the disk. */
    static final long MIN_SEGMENT_BYTES = 4096;
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)" + Pattern.quote(SUFFIX));
    private static final Pattern SEQ_PREFIX = Pattern.compile("^\\{\"seq\":(\\d+)");

    private record Segment(long index, Path path, long size, long lastSeq) {
    }

    private final Path dir;
    private final String station;
    private final long maxBytes;
    private final long segmentBytes;
    private final ArrayDeque<Segment> older = new ArrayDeque<>();
    private final Map<String, OpenSession> open = new LinkedHashMap<>();
    private final TreeMap<Long, String> unacknowledged = new TreeMap<>();
    private FileChannel out;
    private long outIndex;
    private long outSize;
    private long outLastSeq;
    private long lastSeq;
    private long pendingDropped;
    private long droppedTotal;

    private Journal(Path dir, String station, long maxBytes) {
        this.dir = dir;
        this.station = station;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(MIN_SEGMENT_BYTES, maxBytes / 8);
    }

    /**
     * Opens (recovers) the journal in {@code dir}.
     *
     * @param acknowledged every record up to this seq is known to be acknowledged (or dropped)
     */
    public static Journal open(Path dir, String station, long maxBytes, long acknowledged) throws IOException {
        Files.createDirectories(dir);
        Journal journal = new Journal(dir, station, maxBytes);
        journal.recover(acknowledged);
        return journal;
    }

    private void recover(long acknowledged) throws IOException {
        lastSeq = acknowledged;
        List<Segment> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(new Segment(Long.parseLong(m.group(1)), p, 0, 0));
                }
            });
        }
        found.sort((a, b) -> Long.compare(a.index, b.index));
        for (int i = 0; i < found.size(); i++) {
            Segment s = found.get(i);
            boolean last = i == found.size() - 1;
            long[] sizeAndSeq = read(s.path, acknowledged, last);
            if (last) {
                outIndex = s.index;
                outSize = sizeAndSeq[0];
                outLastSeq = sizeAndSeq[1];
                out = FileChannel.open(s.path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } else {
                older.addLast(new Segment(s.index, s.path, sizeAndSeq[0], sizeAndSeq[1]));
            }
        }
        if (out == null) {
            startSegment(1);
        }
        Logger.info("journal {}: {} segment(s), {} bytes, last seq {}, {} record(s) not yet acknowledged, "
                + "{} session(s) left open", dir, older.size() + 1, diskBytes(), lastSeq, unacknowledged.size(),
                open.size());
    }

    /** Reads one segment into memory; returns its kept size and last seq. Truncates a torn last line. */
    private long[] read(Path path, long acknowledged, boolean lastSegment) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        long segmentLastSeq = 0;
        int start = 0;
        while (start < bytes.length) {
            int newline = indexOf(bytes, (byte) '\n', start);
            boolean complete = newline >= 0;
            int end = complete ? newline : bytes.length;
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            Map<String, Object> object = parse(line);
            if (object == null && !complete) {
                // a power cut in the middle of an append: the line was never synced, so never published
                Matcher seq = SEQ_PREFIX.matcher(line);
                String tornSeq = seq.find() ? seq.group(1) : null;
                if (tornSeq != null) {
                    lastSeq = Math.max(lastSeq, Long.parseLong(tornSeq));
                }
                Logger.warn("journal {}: last line cut short ({} bytes) dropped{}", path, end - start,
                        tornSeq == null ? "" : "; its seq " + tornSeq + " is skipped, never reused");
                if (lastSegment) {
                    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                        ch.truncate(start);
                        ch.force(true);
                    }
                }
                return new long[] {start, segmentLastSeq};
            }
            if (object == null) {
                Logger.warn("journal {}: damaged line at byte {} skipped", path, start);
            } else {
                long seq = take(object, line, acknowledged);
                segmentLastSeq = Math.max(segmentLastSeq, seq);
            }
            if (!complete && lastSegment) {
                // whole but unterminated: end it so that the next append starts a line of its own
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
                    ch.force(false);
                }
                return new long[] {bytes.length + 1, segmentLastSeq};
            }
            start = end + 1;
        }
        return new long[] {bytes.length, segmentLastSeq};
    }

    /** Applies one recovered line; returns its seq (0 when it is not a record). */
    private long take(Map<String, Object> object, String line, long acknowledged) {
        try {
            if (object.get("seq") instanceof Long seq) {
                lastSeq = Math.max(lastSeq, seq);
                if (seq > acknowledged) {
                    unacknowledged.put(seq, line);
                }
                open.remove((String) object.get("jti"));
                pendingDropped = 0; // that record carried the count
                return seq;
            } else if (object.containsKey("open")) {
                OpenSession session = OpenSession.fromJson(object);
                open.put(session.jti(), session);
            } else if (object.get("next_seq") instanceof Long next) {
                lastSeq = Math.max(lastSeq, next - 1);
                pendingDropped = object.get("dropped") instanceof Long d ? d : 0;
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            Logger.warn("journal {}: line skipped: {}", dir, e.getMessage());
        }
        return 0;
    }

    private static Map<String, Object> parse(String line) {
        try {
            Object value = Json.parse(line);
            @SuppressWarnings("unchecked")
            Map<String, Object> object = value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
            return object;
        } catch (JsonException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Writes the marker of a session that started playing. */
    public synchronized void opened(OpenSession session) throws IOException {
        open.put(session.jti(), session);
        append(Json.write(session.toJson()));
    }

    /**
     * Appends the record of a session that ended, with the next seq, synced before this returns. On a disk
     * error the seq is still used up and the record still kept for publishing (central hears of it even when
     * the SD card fails); the error is thrown for the caller to report.
     */
    public synchronized LogRecord record(Ending ending) throws IOException {
        // room first: a new segment may drop old ones, and this record must carry that count
        roomFor(bytes(build(ending)).length + 32);
        LogRecord record = build(ending);
        String line = Json.write(record.toJson());
        lastSeq = record.seq();
        outLastSeq = record.seq();
        pendingDropped = 0;
        open.remove(ending.jti());
        unacknowledged.put(record.seq(), line);
        write(bytes(line));
        return record;
    }

    private LogRecord build(Ending ending) {
        OpenSession session = open.get(ending.jti());
        Played played = ending.played();
        Long started = played != null ? played.startedMillis() : session == null ? null : session.startedMillis();
        return new LogRecord(station, lastSeq + 1, ending.session(), ending.jti(), ending.priority(),
                ending.source(), started, ending.endedMillis(), ending.outcome(), ending.code(), ending.reason(),
                played == null ? null : played.audioMillis(), played == null ? 0 : played.drops(),
                played == null ? null : played.heard(), played == null ? null : played.fault(), pendingDropped);
    }

    private static byte[] bytes(LogRecord record) {
        return bytes(Json.write(record.toJson()));
    }

    private static byte[] bytes(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void append(String line) throws IOException {
        byte[] bytes = bytes(line);
        roomFor(bytes.length);
        write(bytes);
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        // data only: the file's size is in the data sync; the directory entry was synced when it was made
        out.force(false);
        outSize += bytes.length;
    }

    /** Starts a new segment when this one is full, dropping the oldest ones beyond the bound first. */
    private void roomFor(int bytes) throws IOException {
        if (outSize + bytes <= segmentBytes || outSize == 0) {
            return;
        }
        out.close();
        older.addLast(new Segment(outIndex, dir.resolve(name(outIndex)), outSize, outLastSeq));
        long total = older.stream().mapToLong(Segment::size).sum();
        while (!older.isEmpty() && total + segmentBytes > maxBytes) {
            Segment oldest = older.removeFirst();
            Files.deleteIfExists(oldest.path);
            total -= oldest.size;
            var lost = unacknowledged.headMap(oldest.lastSeq, true);
            if (!lost.isEmpty()) {
                Logger.warn("journal {} full (journal.max_kb): {} record(s) up to seq {} dropped before the broker "
                        + "acknowledged them; is the broker reachable?", dir, lost.size(), oldest.lastSeq);
                pendingDropped += lost.size();
                droppedTotal += lost.size();
                lost.clear();
            }
        }
        startSegment(outIndex + 1);
    }

    private void startSegment(long index) throws IOException {
        Path path = dir.resolve(name(index));
        out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        outIndex = index;
        outSize = 0;
        outLastSeq = lastSeq;
        StringBuilder head = new StringBuilder();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("segment", index);
        header.put("next_seq", lastSeq + 1);
        header.put("dropped", pendingDropped);
        head.append(Json.write(header)).append('\n');
        for (OpenSession session : open.values()) {
            head.append(Json.write(session.toJson())).append('\n');
        }
        byte[] bytes = head.toString().getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.wrap(bytes));
        out.force(true);
        outSize = bytes.length;
        AtomicFiles.syncDirectory(dir);
    }

    static String name(long index) {
        return String.format("%s%06d%s", PREFIX, index, SUFFIX);
    }

    /** The broker acknowledged {@code seq}. */
    public synchronized void acknowledged(long seq) {
        unacknowledged.remove(seq);
    }

    /** Every record up to this seq is acknowledged or dropped: what the position file keeps. */
    public synchronized long position() {
        return unacknowledged.isEmpty() ? lastSeq : unacknowledged.firstKey() - 1;
    }

    /** The first record not yet acknowledged at or after {@code seq}, as its JSON line, or null. */
    public synchronized Map.Entry<Long, String> pendingFrom(long seq) {
        return unacknowledged.ceilingEntry(seq);
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Sessions that started and have no record yet, oldest first. */
    public synchronized List<OpenSession> openSessions() {
        return List.copyOf(open.values());
    }

    /** Bytes on disk, every segment included. */
    public synchronized long diskBytes() {
        return older.stream().mapToLong(Segment::size).sum() + outSize;
    }

    /** Records dropped unacknowledged since this journal was opened. */
    public synchronized long droppedTotal() {
        return droppedTotal;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}

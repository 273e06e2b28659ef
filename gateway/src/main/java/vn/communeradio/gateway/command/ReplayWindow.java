package vn.communeradio.gateway.command;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.tinylog.Logger;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * The {@code jti} of every accepted command, remembered until its {@code exp} + skew has passed, so that a
 * command captured off the network cannot be played again, before or after a restart.
 *
 * <p>Storage: an append-only file, one line {@code <exp> <jti>} per accepted command, synced before the command
 * is reported accepted (one small write, not a rewrite of the window), and rewritten atomically (temp, fsync,
 * rename) at start and when expired lines outnumber live ones. A line cut short by a power cut is ignored: its
 * command was never reported accepted.
 *
 * <p>Forgetting is safe because of the <em>horizon</em>: the largest {@code exp} ever forgotten, stored with the
 * window. A command whose {@code exp} is at or below the horizon is refused as expired whatever the clock says,
 * so a purged id cannot come back even if the system clock later goes backwards.
 *
 * <p>Bounded: at most {@code capacity} ids. Only expired ids are ever dropped; when the window is full of
 * unexpired ones, new commands are refused ({@link Verdict#FULL}) rather than forgetting what could be replayed.
 */
public final class ReplayWindow implements AutoCloseable {

    /** Window file in the state directory. */
    public static final String FILE = "replay-window";
    /** Default bound on remembered ids. */
    public static final int DEFAULT_CAPACITY = 100_000;

    /** Result of a check. */
    public enum Verdict {
        /** Never seen: may be accepted. */
        FRESH,
        /** Seen before and still remembered. */
        REPLAY,
        /** Its expiry is at or below the horizon of forgotten ids: it may have been seen; refuse as expired. */
        BEYOND_HORIZON,
        /** The window is full of unexpired ids. */
        FULL
    }

    private record Entry(long exp, String jti) {
    }

    private final Path file;
    private final int skewSeconds;
    private final int capacity;
    private final Map<String, Long> expiries = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.exp, b.exp));
    private long horizon = -1;
    private long lines;
    private FileChannel log;
    private boolean logBroken;
    private boolean purgedSinceWrite;

    /** Loads the window kept in {@code stateDir}; an unreadable file is logged and the window starts empty. */
    public ReplayWindow(Path stateDir, int skewSeconds, int capacity) {
        this.file = stateDir.resolve(FILE);
        this.skewSeconds = skewSeconds;
        this.capacity = capacity;
        load();
        compact();
    }

    /** Whether {@code jti} with expiry {@code exp} would be fresh at effective time {@code now}. */
    public synchronized Verdict check(String jti, long exp, long now) {
        purge(now);
        if (expiries.containsKey(jti)) {
            return Verdict.REPLAY;
        } else if (exp <= horizon) {
            return Verdict.BEYOND_HORIZON;
        } else if (expiries.size() >= capacity) {
            return Verdict.FULL;
        }
        return Verdict.FRESH;
    }

    /**
     * Checks and, when fresh, remembers {@code jti} and syncs it to disk, atomically with respect to other
     * callers. A disk failure is logged and the id kept in memory: refusing every command, emergencies
     * included, because an SD card failed would be worse than a replay window that does not survive a restart.
     */
    public synchronized Verdict record(String jti, long exp, long now) {
        Verdict verdict = check(jti, exp, now);
        if (verdict != Verdict.FRESH) {
            return verdict;
        }
        remember(jti, exp);
        append(exp + " " + jti + "\n");
        if (lines > 2L * expiries.size() + 1024) {
            compact();
        }
        return Verdict.FRESH;
    }

    /** Ids remembered now. */
    public synchronized int size() {
        return expiries.size();
    }

    /** The largest expiry forgotten so far (-1 when none). */
    public synchronized long horizon() {
        return horizon;
    }

    public int capacity() {
        return capacity;
    }

    /** Rewrites the file without forgotten ids (keeping the horizon) and closes it. */
    @Override
    public synchronized void close() {
        if (purgedSinceWrite) {
            compact();
        }
        closeLog();
    }

    private void purge(long now) {
        Entry oldest;
        while ((oldest = byExpiry.peek()) != null && oldest.exp + skewSeconds < now) {
            byExpiry.poll();
            Long current = expiries.get(oldest.jti);
            if (current != null && current == oldest.exp) {
                expiries.remove(oldest.jti);
            }
            horizon = Math.max(horizon, oldest.exp);
            purgedSinceWrite = true;
        }
    }

    private void remember(String jti, long exp) {
        Long previous = expiries.get(jti);
        if (previous == null || previous < exp) {
            expiries.put(jti, exp);
            byExpiry.add(new Entry(exp, jti));
        }
    }

    private void load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            Logger.error("replay window {} is unreadable ({}); starting empty: commands seen before this start "
                    + "could be replayed until they expire", file, e.toString());
            return;
        }
        int bad = 0;
        int start = 0;
        int end;
        // only lines ended by '\n' count: the last one may have been cut by a power cut
        while ((end = text.indexOf('\n', start)) >= 0) {
            if (!parseLine(text.substring(start, end))) {
                bad++;
            }
            start = end + 1;
        }
        if (bad > 0 || start < text.length()) {
            Logger.warn("replay window {}: {} unreadable line(s) ignored", file, bad + (start < text.length() ? 1 : 0));
        }
    }

    private boolean parseLine(String line) {
        int space = line.indexOf(' ');
        if (space <= 0) {
            return false;
        }
        String word = line.substring(space + 1);
        try {
            if (line.startsWith("horizon ")) {
                horizon = Math.max(horizon, Long.parseLong(word));
                return true;
            }
            long exp = Long.parseLong(line, 0, space, 10);
            if (!Ids.isCommandId(word)) {
                return false;
            }
            remember(word, exp);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void compact() {
        closeLog();
        // drop superseded heap entries so the heap and the map agree
        byExpiry.removeIf(e -> expiries.get(e.jti) == null || expiries.get(e.jti) != e.exp);
        StringBuilder out = new StringBuilder(32 * (expiries.size() + 1));
        out.append("horizon ").append(horizon).append('\n');
        for (Map.Entry<String, Long> e : expiries.entrySet()) {
            out.append(e.getValue()).append(' ').append(e.getKey()).append('\n');
        }
        try {
            AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.US_ASCII));
            lines = expiries.size() + 1;
            purgedSinceWrite = false;
            log = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            logBroken = false;
        } catch (IOException e) {
            logFailure(e);
        }
    }

    private void append(String line) {
        if (log == null) {
            compact(); // retry after a failure: the disk may be back
            return; // compact wrote this line with the rest
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) {
                log.write(buffer);
            }
            log.force(false);
            lines++;
        } catch (IOException e) {
            closeLog();
            logFailure(e);
        }
    }

    private void logFailure(IOException e) {
        if (!logBroken) {
            logBroken = true;
            Logger.error("cannot write replay window {} ({}); commands are still checked in memory but could be "
                    + "replayed after a restart; check the state directory's disk", file, e.toString());
        }
    }

    private void closeLog() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                // nothing left to save: every line was synced when written
            }
            log = null;
        }
    }
}

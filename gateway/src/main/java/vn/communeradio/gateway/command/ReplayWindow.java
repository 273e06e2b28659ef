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
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.tinylog.Logger;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * The {@code jti} of every accepted command, remembered until its {@code exp} + skew has passed, so that a
 * command captured off the network cannot be played again, before or after a restart.
 *
 * <p>Storage: an append-only file, one line {@code <exp> <jti> <kid>} per accepted command, synced before the
 * command is reported accepted (one small write, not a rewrite of the window), and rewritten atomically (temp,
 * fsync, rename) at start and when expired lines outnumber live ones. A line cut short by a power cut is ignored:
 * its command was never reported accepted.
 *
 * <p>Forgetting is safe because of <em>horizons</em>, one per signing key: the largest {@code exp} of that key's
 * commands ever forgotten, stored with the window. A command whose {@code exp} is at or below its key's horizon is
 * refused as expired whatever the clock says, so a purged id cannot come back even if the system clock later goes
 * backwards. A key's ids are forgotten by the time its own commands have shown ({@link SenderClocks}), everybody's
 * by the station's clock; the horizons being per key, a sender whose clock runs fast makes the station forget
 * only its own ids early, never another sender's. (A replayed command carries the key it was signed with: its
 * signature verifies under no other.) Lines written before horizons were kept per key ({@code <exp> <jti>},
 * {@code horizon <exp>}) are read as belonging to no key: forgotten by the station's clock, their horizon binds
 * every key.
 *
 * <p>Bounded: at most {@code capacity} ids. Only expired ids are ever dropped; when the window is full of
 * unexpired ones, new commands are refused ({@link Verdict#FULL}) rather than forgetting what could be replayed.
 */
public final class ReplayWindow implements AutoCloseable {

    /** Window file in the state directory. */
    public static final String FILE = "replay-window";
    /** Default bound on remembered ids. */
    public static final int DEFAULT_CAPACITY = 100_000;
    /** The key of ids and horizons from before windows were kept per key. */
    private static final String ANY_KEY = "";

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

    private record Entry(long exp, String jti, String kid) {
    }

    /** One key's remembered ids, soonest expiry first, and the latest expiry it has forgotten. */
    private static final class KeyWindow {
        final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.exp, b.exp));
        long horizon = -1;
    }

    private final Path file;
    private final int skewSeconds;
    private final int capacity;
    private final Map<String, Entry> byJti = new HashMap<>();
    private final Map<String, KeyWindow> byKey = new TreeMap<>();
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

    /**
     * Whether {@code jti}, signed with key {@code kid} and expiring at {@code exp}, would be fresh.
     *
     * @param nowOfKey the time by which each key's ids expire, by key id: the station's time, or later where a
     *                 key's own commands have shown a later time ({@link CommandTimes#nowOf}); ids kept without a
     *                 key are asked for as {@code ""}
     */
    public synchronized Verdict check(String kid, String jti, long exp, ToLongFunction<String> nowOfKey) {
        purge(nowOfKey);
        if (byJti.containsKey(jti)) {
            return Verdict.REPLAY;
        } else if (exp <= horizon(kid)) {
            return Verdict.BEYOND_HORIZON;
        } else if (byJti.size() >= capacity) {
            return Verdict.FULL;
        }
        return Verdict.FRESH;
    }

    /**
     * Checks and, when fresh, remembers {@code jti} and syncs it to disk, atomically with respect to other
     * callers. A disk failure is logged and the id kept in memory: refusing every command, emergencies
     * included, because an SD card failed would be worse than a replay window that does not survive a restart.
     */
    public synchronized Verdict record(String kid, String jti, long exp, ToLongFunction<String> nowOfKey) {
        Verdict verdict = check(kid, jti, exp, nowOfKey);
        if (verdict != Verdict.FRESH) {
            return verdict;
        }
        remember(new Entry(exp, jti, kid));
        append(exp + " " + jti + " " + kid + "\n");
        if (lines > 2L * byJti.size() + 1024) {
            compact();
        }
        return Verdict.FRESH;
    }

    /** Ids remembered now. */
    public synchronized int size() {
        return byJti.size();
    }

    /** The largest expiry forgotten so far that binds key {@code kid}'s commands (-1 when none). */
    public synchronized long horizon(String kid) {
        KeyWindow own = byKey.get(kid);
        KeyWindow any = byKey.get(ANY_KEY);
        return Math.max(own == null ? -1 : own.horizon, any == null ? -1 : any.horizon);
    }

    public int capacity() {
        return capacity;
    }

    /** Rewrites the file without forgotten ids (keeping the horizons) and closes it. */
    @Override
    public synchronized void close() {
        if (purgedSinceWrite) {
            compact();
        }
        closeLog();
    }

    private void purge(ToLongFunction<String> nowOfKey) {
        for (Map.Entry<String, KeyWindow> keyed : byKey.entrySet()) {
            KeyWindow window = keyed.getValue();
            Entry oldest = window.byExpiry.peek();
            if (oldest == null) {
                continue;
            }
            long now = nowOfKey.applyAsLong(keyed.getKey());
            while (oldest != null && oldest.exp + skewSeconds < now) {
                window.byExpiry.poll();
                forget(oldest);
                oldest = window.byExpiry.peek();
            }
        }
    }

    /** Drops an id; its key's horizon keeps it refused. */
    private void forget(Entry entry) {
        if (byJti.get(entry.jti) == entry) {
            byJti.remove(entry.jti);
        }
        KeyWindow window = window(entry.kid);
        window.horizon = Math.max(window.horizon, entry.exp);
        purgedSinceWrite = true;
    }

    /**
     * Keeps an id. Two lines with one jti (read back from the file) mean the first was forgotten before the second
     * was accepted: the first's key's horizon is raised past it, as it was in memory when it was forgotten, even if
     * a power cut came before that horizon was written.
     */
    private void remember(Entry entry) {
        Entry previous = byJti.get(entry.jti);
        if (previous == null || previous.exp < entry.exp) {
            byJti.put(entry.jti, entry);
            window(entry.kid).byExpiry.add(entry);
            if (previous != null) {
                forget(previous);
            }
        } else {
            forget(entry);
        }
    }

    private KeyWindow window(String kid) {
        return byKey.computeIfAbsent(kid, k -> new KeyWindow());
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

    /** {@code <exp> <jti> [<kid>]} or {@code horizon <exp> [<kid>]}; no kid: from before per-key windows. */
    private boolean parseLine(String line) {
        String[] words = line.split(" ", -1);
        if (words.length < 2 || words.length > 3) {
            return false;
        }
        String kid = words.length == 3 ? words[2] : ANY_KEY;
        if (words.length == 3 && !Ids.isKeyId(kid)) {
            return false;
        }
        try {
            if (words[0].equals("horizon")) {
                KeyWindow window = window(kid);
                window.horizon = Math.max(window.horizon, Long.parseLong(words[1]));
                return true;
            }
            long exp = Long.parseLong(words[0]);
            if (!Ids.isCommandId(words[1])) {
                return false;
            }
            remember(new Entry(exp, words[1], kid));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void compact() {
        closeLog();
        StringBuilder out = new StringBuilder(40 * (byJti.size() + byKey.size()));
        byKey.forEach((kid, window) -> {
            // drop superseded heap entries so the heaps and the map agree
            window.byExpiry.removeIf(e -> byJti.get(e.jti) != e);
            if (window.horizon >= 0) {
                out.append("horizon ").append(window.horizon).append(kid.isEmpty() ? "" : " " + kid).append('\n');
            }
        });
        for (Entry e : byJti.values()) {
            out.append(e.exp).append(' ').append(e.jti).append(e.kid.isEmpty() ? "" : " " + e.kid).append('\n');
        }
        try {
            AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.US_ASCII));
            lines = byJti.size() + byKey.size();
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

package vn.communeradio.gateway.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * What each signing key's commands have shown of its sender's clock: the newest {@code iat} that verified under
 * that key while the station's clock was not synchronised, plus the time elapsed since. Each sender's clock is
 * consistent with itself, so a command older than its own sender's newer commands by more than the skew has
 * expired, whatever the station's clock says; and one sender's clock, however wrong, says nothing about another's.
 *
 * <p>Kept in the state directory ({@value #FILE}, one line {@code <kid> <epoch seconds>} per key, replaced whole),
 * so a restart keeps the evidence (the time elapsed is counted from the restart on). To spare the SD card it is
 * written when a key's evidence moved {@value #WRITE_STEP_S} s past what is on disk, and at stop: a power cut loses
 * less than that, which only makes the station that much more lenient with that key's held-back commands (never
 * with replays: those are the replay window's).
 *
 * <p>It assumes one signing system per key: a key shared by machines whose clocks disagree judges each by the
 * fastest one.
 */
public final class SenderClocks {

    /** Evidence file in the state directory. */
    public static final String FILE = "sender-clocks";
    static final long WRITE_STEP_S = 60;

    /** A sender's newest iat, seen at {@code atNanos} on the monotonic clock. */
    private record Evidence(long iat, long atNanos) {
        long now(long nanos) {
            return iat + Math.max(0, nanos - atNanos) / 1_000_000_000L;
        }
    }

    private final Path file;
    private final LongSupplier monoNanos;
    private final Map<String, Evidence> byKey = new TreeMap<>();
    /** The evidence on disk, per key. */
    private final Map<String, Long> written = new TreeMap<>();
    /** Serialises writes; never held with the monitor, so a reader never waits on the disk. */
    private final Object writing = new Object();
    private long version;
    private long writtenVersion;

    /** Loads the evidence kept in {@code stateDir}; an unreadable file is logged and the evidence starts empty. */
    public SenderClocks(Path stateDir, LongSupplier monoNanos) {
        this.file = stateDir.resolve(FILE);
        this.monoNanos = monoNanos;
        load();
    }

    /**
     * The time by what key {@code kid}'s commands have shown, never before {@code stationNow}: the real time is
     * at least both.
     */
    public synchronized long now(String kid, long stationNow) {
        Evidence e = byKey.get(kid);
        return e == null ? stationNow : Math.max(stationNow, e.now(monoNanos.getAsLong()));
    }

    /** Takes a verified {@code iat} of key {@code kid} as evidence of its sender's clock; written when it moved. */
    public void observe(String kid, long iat) {
        Map<String, Long> snapshot;
        long snapshotVersion;
        synchronized (this) {
            long nanos = monoNanos.getAsLong();
            Evidence e = byKey.get(kid);
            if (e != null && iat <= e.now(nanos)) {
                return;
            }
            byKey.put(kid, new Evidence(iat, nanos));
            if (iat - written.getOrDefault(kid, Long.MIN_VALUE / 2) < WRITE_STEP_S) {
                return;
            }
            snapshot = snapshot();
            snapshotVersion = ++version;
        }
        write(snapshot, snapshotVersion);
    }

    /** Writes evidence not on disk yet (at stop). */
    public void flush() {
        Map<String, Long> snapshot;
        long snapshotVersion;
        synchronized (this) {
            if (snapshot().equals(written)) {
                return;
            }
            snapshot = snapshot();
            snapshotVersion = ++version;
        }
        write(snapshot, snapshotVersion);
    }

    /**
     * Once the station's clock is synchronised, evidence ahead of it (beyond the skew) came from a sender whose
     * clock was ahead: it is brought back to the synchronised time, and the key is named in the log.
     */
    public void correct(long synchronisedNow, int skewSeconds) {
        Map<String, Long> snapshot;
        long snapshotVersion;
        synchronized (this) {
            long nanos = monoNanos.getAsLong();
            boolean changed = false;
            for (Map.Entry<String, Evidence> entry : byKey.entrySet()) {
                long ahead = entry.getValue().now(nanos) - synchronisedNow;
                if (ahead > skewSeconds) {
                    Logger.warn("key {} signed commands {} s ahead of this station's clock, now synchronised by NTP: "
                            + "its sender's clock is wrong; its commands are judged by the synchronised clock from "
                            + "now on", Ids.quote(entry.getKey()), ahead);
                    entry.setValue(new Evidence(synchronisedNow, nanos));
                    changed = true;
                }
            }
            if (!changed) {
                return;
            }
            snapshot = snapshot();
            snapshotVersion = ++version;
        }
        write(snapshot, snapshotVersion);
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        byKey.forEach((kid, e) -> copy.put(kid, e.iat()));
        return copy;
    }

    private void write(Map<String, Long> snapshot, long snapshotVersion) {
        synchronized (writing) {
            if (snapshotVersion <= writtenVersion) {
                return; // a newer snapshot is already on disk
            }
            StringBuilder out = new StringBuilder();
            snapshot.forEach((kid, iat) -> out.append(kid).append(' ').append(iat).append('\n'));
            try {
                AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.US_ASCII));
                writtenVersion = snapshotVersion;
                synchronized (this) {
                    written.clear();
                    written.putAll(snapshot);
                }
            } catch (IOException e) {
                Logger.error("cannot write {} ({}); after a restart, senders' commands are judged against older "
                        + "evidence of their clocks; check the state directory's disk", file, e.toString());
            }
        }
    }

    private static Long parse(String seconds) {
        try {
            long value = Long.parseLong(seconds);
            return value < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            Logger.warn("{} is unreadable ({}); starting without evidence of senders' clocks", file, e.toString());
            return;
        }
        long nanos = monoNanos.getAsLong();
        int bad = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] words = line.strip().split(" ");
            Long iat = words.length == 2 && Ids.isKeyId(words[0]) ? parse(words[1]) : null;
            if (iat == null) {
                bad++;
            } else {
                byKey.merge(words[0], new Evidence(iat, nanos), (a, b) -> a.iat() >= b.iat() ? a : b);
            }
        }
        byKey.forEach((kid, e) -> written.put(kid, e.iat()));
        if (bad > 0) {
            Logger.warn("{}: {} unreadable line(s) ignored", file, bad);
        }
    }
}

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
 * so a restart keeps the evidence; only the elapsed time since a restart is not counted before it.
 */
public final class SenderClocks {

    /** Evidence file in the state directory. */
    public static final String FILE = "sender-clocks";

    /** A sender's newest iat, seen at {@code atNanos} on the monotonic clock. */
    private record Evidence(long iat, long atNanos) {
        long now(long nanos) {
            return iat + Math.max(0, nanos - atNanos) / 1_000_000_000L;
        }
    }

    private final Path file;
    private final LongSupplier monoNanos;
    private final Map<String, Evidence> byKey = new TreeMap<>();
    /** Serialises writes; never held with the monitor, so verification never waits on another thread's disk write. */
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
            } catch (IOException e) {
                Logger.error("cannot write {} ({}); after a restart, senders' commands are judged against older "
                        + "evidence of their clocks; check the state directory's disk", file, e.toString());
            }
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
            String[] words = line.strip().split(" ");
            if (line.isBlank()) {
                continue;
            }
            try {
                long iat = Long.parseLong(words.length == 2 ? words[1] : "x");
                if (!Ids.isKeyId(words[0]) || iat < 0) {
                    throw new NumberFormatException();
                }
                byKey.merge(words[0], new Evidence(iat, nanos), (a, b) -> a.iat() >= b.iat() ? a : b);
            } catch (NumberFormatException e) {
                bad++;
            }
        }
        if (bad > 0) {
            Logger.warn("{}: {} unreadable line(s) ignored", file, bad);
        }
    }
}

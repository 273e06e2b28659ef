package vn.communeradio.gateway.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.store.AtomicFiles;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;

/**
 * The keys whose commands this station obeys.
 * <ol>
 * <li>{@code <kid>.pem} files in the keys directory (SubjectPublicKeyInfo PEM, as {@code openssl pkey -pubout}
 * writes): trusted up to {@code emergency} when the kid is in {@code security.emergency_keys}, else {@code high};
 * admin when in {@code security.admin_keys}. The directory is re-read when its listing or a file's mtime, size or
 * inode changes, checked at most once per second on lookup. A bad file is logged and skipped.</li>
 * <li>keys added by a {@code keys add} command, kept in {@value #FILE} in the state directory. A file key of the
 * same kid takes precedence: the technician's local configuration is not overridden remotely.</li>
 * <li>revocations ({@code keys revoke}), kept in the same file: they win over both, for good.</li>
 * </ol>
 * Thread-safe: lookups come from the MQTT thread, changes from the control loop.
 */
public final class TrustedKeys {

    /** State file of keys added and revoked by command. */
    public static final String FILE = "trusted-keys.json";
    /** Larger files in the keys directory are not keys. */
    static final long MAX_PEM_BYTES = 16 * 1024;
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path keysDir;
    private final Path stateFile;
    private final Set<String> emergencyKeys;
    private final Set<String> adminKeys;
    private final Set<String> updateKeys;
    private final LongSupplier nanoTime;

    private Map<String, TrustedKey> fileKeys = Map.of();
    private final Map<String, TrustedKey> addedKeys = new TreeMap<>();
    private final Set<String> revoked = new TreeSet<>();
    private Map<String, String> dirFingerprint;
    private long lastCheck;
    private boolean warnedMissingDir;

    /**
     * @param keysDir       config {@code security.keys}
     * @param stateDir      config {@code state.dir}
     * @param emergencyKeys config {@code security.emergency_keys}
     * @param adminKeys     config {@code security.admin_keys}
     * @param updateKeys    config {@code security.update_keys}: key files whose commands may install software
     * @param nanoTime      monotonic time source ({@code System::nanoTime}); tests pass their own
     */
    public TrustedKeys(Path keysDir, Path stateDir, Set<String> emergencyKeys, Set<String> adminKeys,
                       Set<String> updateKeys, LongSupplier nanoTime) {
        this.keysDir = keysDir;
        this.stateFile = stateDir.resolve(FILE);
        this.emergencyKeys = Set.copyOf(emergencyKeys);
        this.adminKeys = Set.copyOf(adminKeys);
        this.updateKeys = Set.copyOf(updateKeys);
        this.nanoTime = nanoTime;
        loadState();
        lastCheck = nanoTime.getAsLong();
        reloadIfChanged();
    }

    /** Keys none of which may send {@code update}. */
    public TrustedKeys(Path keysDir, Path stateDir, Set<String> emergencyKeys, Set<String> adminKeys,
                       LongSupplier nanoTime) {
        this(keysDir, stateDir, emergencyKeys, adminKeys, Set.of(), nanoTime);
    }

    public TrustedKeys(Path keysDir, Path stateDir, Set<String> emergencyKeys, Set<String> adminKeys,
                       Set<String> updateKeys) {
        this(keysDir, stateDir, emergencyKeys, adminKeys, updateKeys, System::nanoTime);
    }

    /**
     * Whether {@code key} may send {@code update}: only a key file on the board listed in
     * {@code security.update_keys}. A key added by command never may: installing software is root on the board,
     * which only the station's own configuration grants.
     */
    public boolean mayUpdate(TrustedKey key) {
        return key.origin() == TrustedKey.Origin.FILE && updateKeys.contains(key.kid());
    }

    /** The trusted key {@code kid}, or null when unknown or revoked. */
    public synchronized TrustedKey find(String kid) {
        recheck();
        if (revoked.contains(kid)) {
            return null;
        }
        TrustedKey key = fileKeys.get(kid);
        return key != null ? key : addedKeys.get(kid);
    }

    /** Re-reads the keys directory when it may have changed (at most every RECHECK_NANOS). */
    private void recheck() {
        long now = nanoTime.getAsLong();
        if (now - lastCheck >= RECHECK_NANOS) {
            lastCheck = now;
            reloadIfChanged();
        }
    }

    /** Whether {@code kid} has been revoked. */
    public synchronized boolean isRevoked(String kid) {
        return revoked.contains(kid);
    }

    /** Whether {@code kid} is configured as a file in the keys directory. */
    public synchronized boolean isFileKey(String kid) {
        return fileKeys.containsKey(kid);
    }

    /** Every key trusted now, by kid (for the console and state reports). */
    public synchronized Map<String, TrustedKey> all() {
        recheck();
        Map<String, TrustedKey> all = new TreeMap<>(addedKeys);
        all.putAll(fileKeys);
        all.keySet().removeAll(revoked);
        return Collections.unmodifiableMap(all);
    }

    /** Applies an accepted {@code keys} command and persists it. */
    public synchronized void apply(Keys command) throws IOException {
        if (command.op() == Keys.Op.ADD) {
            add(command.kid(), command.key(), command.maxPriority(), command.admin());
        } else {
            revoke(command.kid());
        }
    }

    /** Trusts {@code key} as {@code kid} and persists it; a revoked kid stays revoked. */
    public synchronized void add(String kid, PublicKey key, Priority maxPriority, boolean admin) throws IOException {
        TrustedKey previous = addedKeys.put(kid, new TrustedKey(kid, key, maxPriority, admin, TrustedKey.Origin.COMMAND));
        try {
            persist();
        } catch (IOException e) {
            restore(addedKeys, kid, previous);
            throw e;
        }
        Logger.info("trusted key '{}' added by command (up to {}{})", kid, maxPriority.wire(), admin ? ", admin" : "");
    }

    /** Distrusts {@code kid} for good, whatever its origin, and persists it. */
    public synchronized void revoke(String kid) throws IOException {
        if (!revoked.add(kid)) {
            return;
        }
        TrustedKey previous = addedKeys.remove(kid);
        try {
            persist();
        } catch (IOException e) {
            revoked.remove(kid);
            restore(addedKeys, kid, previous);
            throw e;
        }
        Logger.warn("trusted key '{}' revoked by command", kid);
    }

    private static void restore(Map<String, TrustedKey> map, String kid, TrustedKey previous) {
        if (previous == null) {
            map.remove(kid);
        } else {
            map.put(kid, previous);
        }
    }

    /** Re-reads the keys directory when its listing or any file's attributes changed. */
    synchronized void reloadIfChanged() {
        Map<String, String> fingerprint = fingerprint();
        if (fingerprint.equals(dirFingerprint)) {
            return;
        }
        boolean first = dirFingerprint == null;
        dirFingerprint = fingerprint;
        Map<String, TrustedKey> keys = new HashMap<>();
        for (String name : new TreeSet<>(fingerprint.keySet())) {
            TrustedKey key = readFileKey(keysDir.resolve(name));
            if (key != null) {
                keys.put(key.kid(), key);
            }
        }
        if (!first || !keys.isEmpty()) {
            Logger.info("trusted keys from {}: {}", keysDir, keys.isEmpty() ? "none" : String.join(", ", new TreeSet<>(keys.keySet())));
        }
        for (String kid : keys.keySet()) {
            if (revoked.contains(kid)) {
                Logger.warn("key file {}.pem in {} is ignored: key '{}' was revoked by command; give a new key a new "
                        + "id", kid, keysDir, kid);
            }
        }
        fileKeys = Map.copyOf(keys);
    }

    private Map<String, String> fingerprint() {
        Map<String, String> fingerprint = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(keysDir)) {
            warnedMissingDir = false;
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".pem")) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                    fingerprint.put(name, a.lastModifiedTime() + "/" + a.size() + "/" + a.fileKey());
                } catch (IOException e) {
                    fingerprint.put(name, "unreadable: " + e);
                }
            }
        } catch (NoSuchFileException e) {
            if (!warnedMissingDir) {
                warnedMissingDir = true;
                Logger.warn("keys directory {} (security.keys) does not exist: no key files are trusted", keysDir);
            }
        } catch (IOException e) {
            Logger.warn("keys directory {} (security.keys) cannot be listed ({}); keeping the keys read before",
                    keysDir, e.toString());
            return dirFingerprint == null ? Map.of() : dirFingerprint;
        }
        return fingerprint;
    }

    private TrustedKey readFileKey(Path file) {
        String name = file.getFileName().toString();
        String kid = name.substring(0, name.length() - ".pem".length());
        if (!Ids.isKeyId(kid)) {
            Logger.warn("key file {} skipped: the key id '{}' (the file name without .pem) must be 1-64 characters "
                    + "of A-Z a-z 0-9 . _ -", file, kid);
            return null;
        }
        try {
            if (!Files.isRegularFile(file)) {
                Logger.warn("key file {} skipped: not a regular file", file);
                return null;
            }
            if (Files.size(file) > MAX_PEM_BYTES) {
                Logger.warn("key file {} skipped: larger than {} bytes, so not a public key", file, MAX_PEM_BYTES);
                return null;
            }
            PublicKey key = Pem.readPublicKey(Files.readString(file, StandardCharsets.UTF_8));
            Priority max = emergencyKeys.contains(kid) ? Priority.EMERGENCY : Priority.HIGH;
            return new TrustedKey(kid, key, max, adminKeys.contains(kid), TrustedKey.Origin.FILE);
        } catch (InvalidKeySpecException e) {
            Logger.warn("key file {} skipped: {}", file, e.getMessage());
        } catch (IOException e) {
            Logger.warn("key file {} skipped: cannot read it ({})", file, e.toString());
        }
        return null;
    }

    private void persist() throws IOException {
        Map<String, Object> added = new TreeMap<>();
        for (TrustedKey key : addedKeys.values()) {
            Map<String, Object> entry = new TreeMap<>();
            entry.put("pem", Pem.write(key.key()));
            entry.put("max_priority", key.maxPriority().wire());
            entry.put("admin", key.admin());
            added.put(key.kid(), entry);
        }
        Map<String, Object> state = new TreeMap<>();
        state.put("added", added);
        state.put("revoked", new ArrayList<>(revoked));
        AtomicFiles.write(stateFile, (Json.write(state) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void loadState() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(stateFile);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            Logger.error("cannot read {} ({}): keys added and revoked by command are not applied; fix the file's "
                    + "permissions and restart", stateFile, e.toString());
            return;
        }
        try {
            Map<String, Object> state = Json.parseObject(bytes);
            Object revokedList = state.get("revoked");
            if (revokedList instanceof List<?> list) {
                for (Object kid : list) {
                    if (kid instanceof String s) {
                        revoked.add(s);
                    }
                }
            }
            if (state.get("added") instanceof Map<?, ?> added) {
                for (Map.Entry<?, ?> e : added.entrySet()) {
                    loadAdded((String) e.getKey(), e.getValue());
                }
            }
        } catch (JsonException | ClassCastException e) {
            Path aside = stateFile.resolveSibling(FILE + ".bad");
            Logger.error("{} is damaged ({}); moved to {}; keys added or revoked by command must be sent again",
                    stateFile, e.getMessage(), aside);
            try {
                Files.move(stateFile, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                Logger.error("cannot move {} aside: {}", stateFile, moveFailed.toString());
            }
        }
    }

    private void loadAdded(String kid, Object value) {
        try {
            Map<?, ?> entry = (Map<?, ?>) value;
            PublicKey key = Pem.readPublicKey((String) entry.get("pem"));
            Priority max = Priority.fromWire((String) entry.get("max_priority"));
            if (max == null || !Ids.isKeyId(kid)) {
                throw new InvalidKeySpecException("bad key id or max_priority");
            }
            addedKeys.put(kid, new TrustedKey(kid, key, max, Boolean.TRUE.equals(entry.get("admin")),
                    TrustedKey.Origin.COMMAND));
        } catch (InvalidKeySpecException | ClassCastException | NullPointerException e) {
            Logger.error("{}: added key '{}' skipped ({})", stateFile, kid, e.getMessage());
        }
    }
}

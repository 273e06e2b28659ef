package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeysTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path root;
    private Path keysDir;
    private Path stateDir;
    private final AtomicLong nanos = new AtomicLong(5 * SECOND);
    private final KeyPair a = Fixture.generate();
    private final KeyPair b = Fixture.generate();

    @BeforeEach
    void setUp() throws Exception {
        keysDir = Files.createDirectories(root.resolve("keys"));
        stateDir = Files.createDirectories(root.resolve("state"));
    }

    private TrustedKeys open() {
        return new TrustedKeys(keysDir, stateDir, Set.of("province"), Set.of("ops"), nanos::get);
    }

    private void write(String kid, KeyPair pair) throws Exception {
        Files.writeString(keysDir.resolve(kid + ".pem"), Pem.write(pair.getPublic()));
    }

    @Test
    void fileKeysGetTheirPriorityAndAdminFlagFromConfiguration() throws Exception {
        write("district", a);
        write("province", b);
        write("ops", a);
        TrustedKeys keys = open();
        TrustedKey district = keys.find("district");
        assertEquals(a.getPublic(), district.key());
        assertEquals(Priority.HIGH, district.maxPriority());
        assertFalse(district.admin());
        assertEquals(TrustedKey.Origin.FILE, district.origin());
        assertEquals(Priority.EMERGENCY, keys.find("province").maxPriority());
        assertTrue(keys.find("ops").admin());
        assertEquals(Set.of("district", "province", "ops"), keys.all().keySet());
    }

    @Test
    void theDirectoryIsReReadAtMostOncePerSecondWhenItChanges() throws Exception {
        write("district", a);
        TrustedKeys keys = open();
        write("commune", b);
        assertNull(keys.find("commune"), "not re-read within a second");
        nanos.addAndGet(SECOND);
        assertEquals(b.getPublic(), keys.find("commune").key());

        Files.delete(keysDir.resolve("district.pem"));
        nanos.addAndGet(SECOND);
        assertNull(keys.find("district"));

        // a file replaced in place (same name, new key) is noticed too
        Files.writeString(keysDir.resolve("commune.pem.new"), Pem.write(a.getPublic()));
        Files.move(keysDir.resolve("commune.pem.new"), keysDir.resolve("commune.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        nanos.addAndGet(SECOND);
        assertEquals(a.getPublic(), keys.find("commune").key());
    }

    @Test
    void badFilesAreSkippedAndTheRestLoaded() throws Exception {
        write("good", a);
        Files.writeString(keysDir.resolve("garbage.pem"), "hello");
        Files.writeString(keysDir.resolve("private.pem"), Pem.write(b.getPrivate()));
        Files.writeString(keysDir.resolve("truncated.pem"), Pem.write(b.getPublic()).substring(0, 60));
        Files.writeString(keysDir.resolve("badb64.pem"), "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        Files.writeString(keysDir.resolve("rsa.pem"), Pem.write(rsa.generateKeyPair().getPublic()));
        Files.writeString(keysDir.resolve("bad name.pem"), Pem.write(a.getPublic()));
        Files.createDirectory(keysDir.resolve("dir.pem"));
        Files.write(keysDir.resolve("huge.pem"), new byte[20_000]);
        write("README", a); // only .pem files count; README.pem is fine, README.txt would be ignored
        Files.writeString(keysDir.resolve("notes.txt"), "not a key");
        TrustedKeys keys = open();
        assertEquals(Set.of("good", "README"), keys.all().keySet());
    }

    @Test
    void aMissingDirectoryIsNotFatalAndIsPickedUpOnceCreated() throws Exception {
        Files.delete(keysDir);
        TrustedKeys keys = open();
        assertNull(keys.find("district"));
        Files.createDirectory(keysDir);
        write("district", a);
        nanos.addAndGet(SECOND);
        assertNotNull(keys.find("district"));
    }

    @Test
    void keysAddedByCommandArePersisted() throws Exception {
        TrustedKeys keys = open();
        keys.add("commune-7", a.getPublic(), Priority.NORMAL, false);
        keys.add("ops-2", b.getPublic(), Priority.EMERGENCY, true);
        TrustedKeys restarted = open();
        TrustedKey commune = restarted.find("commune-7");
        assertEquals(a.getPublic(), commune.key());
        assertEquals(Priority.NORMAL, commune.maxPriority());
        assertEquals(TrustedKey.Origin.COMMAND, commune.origin());
        assertTrue(restarted.find("ops-2").admin());
        assertFalse(Files.exists(stateDir.resolve(TrustedKeys.FILE + ".tmp")));
    }

    @Test
    void aFileKeyTakesPrecedenceOverOneAddedByCommand() throws Exception {
        write("district", a);
        TrustedKeys keys = open();
        keys.add("district", b.getPublic(), Priority.EMERGENCY, true);
        assertEquals(a.getPublic(), keys.find("district").key());
        assertTrue(keys.isFileKey("district"));
    }

    @Test
    void revocationsArePersistedAndWinOverFilesAndCommands() throws Exception {
        write("district", a);
        TrustedKeys keys = open();
        keys.add("commune-7", b.getPublic(), Priority.NORMAL, false);
        keys.revoke("district");
        keys.revoke("commune-7");
        assertNull(keys.find("district"));
        assertNull(keys.find("commune-7"));

        TrustedKeys restarted = open();
        assertNull(restarted.find("district"));
        assertNull(restarted.find("commune-7"));
        assertTrue(restarted.isRevoked("district"));
        // the file is still there, re-written even: the revocation still wins
        write("district", b);
        nanos.addAndGet(SECOND);
        assertNull(restarted.find("district"));
        // adding it back by command does not lift it either
        restarted.add("district", b.getPublic(), Priority.HIGH, false);
        assertNull(restarted.find("district"));
        assertEquals(Set.of(), restarted.all().keySet());
    }

    @Test
    void applyRunsKeysCommands() throws Exception {
        TrustedKeys keys = open();
        keys.apply(new Keys(Keys.Op.ADD, "k", a.getPublic(), Priority.LOW, false));
        assertEquals(Priority.LOW, keys.find("k").maxPriority());
        keys.apply(new Keys(Keys.Op.REVOKE, "k", null, null, false));
        assertNull(keys.find("k"));
    }

    @Test
    void aDamagedStateFileIsMovedAsideNotFatal() throws Exception {
        write("district", a);
        Files.writeString(stateDir.resolve(TrustedKeys.FILE), "{\"added\":");
        TrustedKeys keys = open();
        assertNotNull(keys.find("district"));
        assertTrue(Files.exists(stateDir.resolve(TrustedKeys.FILE + ".bad")));
    }
}

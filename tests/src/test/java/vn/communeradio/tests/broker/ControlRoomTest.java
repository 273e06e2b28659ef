package vn.communeradio.tests.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.tests.support.ControlRoom;

/**
 * {@link ControlRoom}'s set-up and tear-down leave no broker behind: a class whose set-up failed half-way must not
 * leave a mosquitto running for the rest of the run (one class at a time runs in a surefire JVM, so this JVM's
 * mosquitto children are this test's).
 */
class ControlRoomTest {

    @TempDir
    Path dir;

    @Test
    void aRoomWhoseKeysCannotBeMadeClosesTheBrokerItStarted() throws Exception {
        List<Long> before = brokers();
        Files.writeString(dir.resolve("keys"), "a file where the keys directory goes");
        assertThrows(FileAlreadyExistsException.class, () -> ControlRoom.startServing(dir));
        assertEquals(before, brokers(), "mosquitto processes of this JVM");
    }

    @Test
    void aRoomClosedStopsItsBroker() throws Exception {
        List<Long> before = brokers();
        ControlRoom room = ControlRoom.startServing(dir);
        assertTrue(brokers().size() > before.size(), "the room's broker runs: " + brokers());
        room.close();
        assertEquals(before, brokers(), "mosquitto processes of this JVM");
    }

    private static List<Long> brokers() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/mosquitto")).orElse(false))
                .map(ProcessHandle::pid).sorted().toList();
    }
}

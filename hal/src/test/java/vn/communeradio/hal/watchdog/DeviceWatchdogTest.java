package vn.communeradio.hal.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog protocol on a FIFO-like stand-in: a regular file records what the driver would receive. */
class DeviceWatchdogTest {

    @TempDir
    Path dir;

    @Test
    void kicksThenDisarmsWithTheMagicCharacter() throws Exception {
        Path device = Files.createFile(dir.resolve("watchdog"));
        DeviceWatchdog watchdog = DeviceWatchdog.open(device);
        watchdog.kick();
        watchdog.kick();
        watchdog.close();
        assertEquals("kkV", Files.readString(device));
    }

    @Test
    void missingDeviceIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> DeviceWatchdog.open(dir.resolve("nope")));
        assertTrue(e.getMessage().startsWith("cannot open hardware watchdog " + dir.resolve("nope")), e.getMessage());
    }
}

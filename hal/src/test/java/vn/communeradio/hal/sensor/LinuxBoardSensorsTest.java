package vn.communeradio.hal.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxBoardSensorsTest {

    @TempDir
    Path root;

    private void write(String file, String text) throws Exception {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    @Test
    void readsWhatAPiExposes() throws Exception {
        write("sys/class/thermal/thermal_zone0/temp", "48312\n");
        write("proc/loadavg", "0.42 0.30 0.20 1/123 4567\n");
        write("proc/uptime", "86400.55 170000.00\n");
        write("proc/meminfo", "MemTotal:  3884096 kB\nMemFree:  100 kB\nMemAvailable:    2950144 kB\n");
        BoardReadings r = new LinuxBoardSensors(root).read();
        assertEquals(48.312, r.cpuTemperatureC(), 1e-9);
        assertEquals(0.42, r.load1(), 1e-9);
        assertEquals(86400, r.uptimeSeconds());
        assertEquals(2950144, r.memAvailableKb());
    }

    @Test
    void missingOrGarbledFiguresAreUnknownNotErrors() throws Exception {
        write("proc/loadavg", "garbage\n");
        BoardReadings r = new LinuxBoardSensors(root).read();
        assertTrue(Double.isNaN(r.cpuTemperatureC()));
        assertTrue(Double.isNaN(r.load1()));
        assertEquals(-1, r.memAvailableKb());
        assertEquals(-1, r.uptimeSeconds());
    }
}

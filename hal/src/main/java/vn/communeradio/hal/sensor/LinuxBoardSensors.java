package vn.communeradio.hal.sensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Board figures from Linux's {@code /proc} and {@code /sys}; the root is configurable so tests can fake it. */
public final class LinuxBoardSensors implements BoardSensors {

    private final Path root;

    public LinuxBoardSensors() {
        this(Path.of("/"));
    }

    public LinuxBoardSensors(Path root) {
        this.root = root;
    }

    @Override
    public BoardReadings read() {
        double temperature = firstWord("sys/class/thermal/thermal_zone0/temp")
                .map(s -> Double.parseDouble(s) / 1000.0).orElse(Double.NaN);
        double load = firstWord("proc/loadavg").map(Double::parseDouble).orElse(Double.NaN);
        double uptime = firstWord("proc/uptime").map(Double::parseDouble).orElse(-1.0);
        return new BoardReadings(temperature, load, memAvailableKb(), (long) uptime);
    }

    private long memAvailableKb() {
        try {
            List<String> lines = Files.readAllLines(root.resolve("proc/meminfo"));
            for (String line : lines) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown on this board
        }
        return -1;
    }

    private java.util.Optional<String> firstWord(String file) {
        try {
            String text = Files.readString(root.resolve(file)).trim();
            String word = text.split("\\s+", 2)[0];
            Double.parseDouble(word);
            return java.util.Optional.of(word);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}

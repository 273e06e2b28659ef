package vn.communeradio.hal.gpio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Digital inputs kept in memory; tests drive them with {@link #setActive}, and a demo or a developer from another
 * process through a file of {@code name = 1} / {@code name = 0} lines (a simulated station runs as a process of
 * its own, with no GPIO to press).
 */
public final class SimulatedInputs implements DigitalInputs {

    private final Map<String, Boolean> state = new LinkedHashMap<>();
    private final Path file;
    /** The file's last modification and size when it was last read: read again only when they change. */
    private Object fileStamp;

    public SimulatedInputs(List<String> names) {
        this(names, null);
    }

    /** @param file read at each {@link #read()} when it changed; null for none; a missing file changes nothing */
    public SimulatedInputs(List<String> names, Path file) {
        for (String name : names) {
            state.put(name, false);
        }
        this.file = file;
    }

    public synchronized void setActive(String name, boolean active) {
        if (!state.containsKey(name)) {
            throw new IllegalArgumentException("no input '" + name + "' (configured: " + state.keySet() + ")");
        }
        state.put(name, active);
    }

    @Override
    public synchronized Map<String, Boolean> read() {
        if (file != null) {
            readFile();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    private void readFile() {
        List<String> lines;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Object stamp = List.of(attributes.lastModifiedTime(), attributes.size());
            if (stamp.equals(fileStamp)) {
                return;
            }
            fileStamp = stamp;
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            Logger.warn("simulated inputs {}: cannot read ({}); inputs unchanged", file, e.getMessage());
            return;
        }
        for (String line : lines) {
            apply(line.strip());
        }
    }

    private void apply(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        int equals = line.indexOf('=');
        String name = equals < 0 ? line : line.substring(0, equals).strip();
        String value = equals < 0 ? "" : line.substring(equals + 1).strip();
        if (!state.containsKey(name) || !(value.equals("0") || value.equals("1"))) {
            Logger.warn("simulated inputs {}: '{}' ignored; expected NAME = 1 or NAME = 0 with NAME one of {}",
                    file, line, state.keySet());
            return;
        }
        state.put(name, value.equals("1"));
    }

    @Override
    public void close() {
    }
}

package vn.communeradio.gateway.hearing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * What the sense input found wrong, as the state's {@code faults} shows it: short lines a person can read
 * ({@code "not heard: flood-0612"}, {@code "zone 2 silent"}), each tied to the zones it is about. A later session
 * heard on zones all among a fault's clears it: it proves that what the fault said silent sounds again. Kept in
 * the state directory ({@value #FILE}, written atomically on every change), so a restart does not forget a fault
 * nobody has seen yet. Control loop only.
 */
public final class Faults {

    static final String FILE = "faults.json";

    /** One fault: its line and the zones it is about. */
    public record Fault(String text, List<Integer> zones) {
    }

    private final Path file;
    private final List<Fault> faults = new ArrayList<>();
    private long raised;

    private Faults(Path file) {
        this.file = file;
    }

    /** The faults the previous run left in {@code stateDir}, or none (a damaged file is logged and ignored). */
    public static Faults open(Path stateDir) {
        Faults f = new Faults(stateDir.resolve(FILE));
        try {
            if (Files.exists(f.file)) {
                Object list = Json.parseObject(Files.readAllBytes(f.file)).get("faults");
                if (list instanceof List<?> items) {
                    for (Object item : items) {
                        if (item instanceof Map<?, ?> m && m.get("text") instanceof String text
                                && m.get("zones") instanceof List<?> zones) {
                            f.faults.add(new Fault(text, zones.stream().map(z -> ((Long) z).intValue()).toList()));
                        }
                    }
                }
            }
        } catch (IOException | JsonException | ClassCastException e) {
            Logger.warn("{} unreadable ({}); earlier faults are forgotten", f.file, e.getMessage());
        }
        return f;
    }

    /** The lines, oldest first: the state's {@code faults}. */
    public List<String> lines() {
        return faults.stream().map(Fault::text).toList();
    }

    /** Faults raised since the service started (telemetry). */
    public long raised() {
        return raised;
    }

    /** Raises {@code text} about {@code zones} (again: it moves to the end); true when the list changed. */
    public boolean raise(String text, List<Integer> zones) {
        faults.removeIf(f -> f.text().equals(text));
        faults.add(new Fault(text, List.copyOf(zones)));
        raised++;
        Logger.warn("fault: {} (zones {})", text, zones);
        save();
        return true;
    }

    /** Something was heard on {@code zones}: the faults it disproves go; true when the list changed. */
    public boolean heardOn(List<Integer> zones) {
        List<Fault> cleared = faults.stream().filter(f -> f.zones().containsAll(zones)).toList();
        if (cleared.isEmpty()) {
            return false;
        }
        faults.removeAll(cleared);
        cleared.forEach(f -> Logger.info("fault cleared: {} (heard on zones {})", f.text(), zones));
        save();
        return true;
    }

    private void save() {
        List<Object> list = new ArrayList<>();
        for (Fault f : faults) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", f.text());
            m.put("zones", f.zones());
            list.add(m);
        }
        try {
            AtomicFiles.write(file, Json.write(Map.of("faults", list)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Logger.warn("{} not saved ({}): the faults are kept until a restart only; check the state directory's "
                    + "disk", file, e.getMessage());
        }
    }
}

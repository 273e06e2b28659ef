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
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * What the sense input found wrong, as the state's {@code faults} shows it: short lines a person can read
 * ({@code "not heard: flood-0612"}, {@code "zone 2 silent"}), each tied to the zones it is about. A later session
 * heard on zones all among a fault's clears it: it proves that what the fault said silent sounds again. Kept in
 * the state directory ({@value #FILE}, written atomically on every change), so a restart does not forget a fault
 * nobody has seen yet. Control loop only.
 *
 * <p>The sense input's own problem ({@code "sense input not connected: radio:in_2"}) leads the list while it lasts.
 * It is not about zones and no session heard clears it: it goes when the input is connected again, and it is not
 * kept in the file, since every start measures it anew.
 */
public final class Faults {

    static final String FILE = "faults.json";

    /** One fault: its line and the zones it is about. */
    public record Fault(String text, List<Integer> zones) {
    }

    private final Path file;
    private final List<Fault> faults = new ArrayList<>();
    private String senseProblem;
    private long raised;

    private Faults(Path file) {
        this.file = file;
    }

    /**
     * The faults the previous run left in {@code stateDir}, or none. Never throws: a damaged file (not JSON, a fault
     * that is not a text with zone numbers 1..{@value ConfigKeys#MAX_ZONES}) is moved aside whole and logged, and
     * the station starts with no faults; a fault about no zone (nothing could ever clear it) is dropped.
     */
    public static Faults open(Path stateDir) {
        Faults f = new Faults(stateDir.resolve(FILE));
        if (!Files.exists(f.file)) {
            return f;
        }
        try {
            f.faults.addAll(read(f.file));
        } catch (IOException | JsonException | RuntimeException e) {
            Logger.error("{} is damaged ({}); it was {}; the faults it held are forgotten (a zone still silent shows "
                    + "again at the next self-test)", f.file, e.getMessage(), AtomicFiles.setAside(f.file));
        }
        return f;
    }

    /** The faults in {@code file}, all or nothing: the first damage found throws. */
    private static List<Fault> read(Path file) throws IOException, JsonException {
        Object list = Json.parseObject(Files.readAllBytes(file)).get("faults");
        if (!(list instanceof List<?> items)) {
            throw new IllegalArgumentException("its faults are " + Json.typeName(list) + ", not a list");
        }
        List<Fault> read = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m && m.get("text") instanceof String text
                    && m.get("zones") instanceof List<?> zones)) {
                throw new IllegalArgumentException("a fault is not {\"text\": ..., \"zones\": [...]}: " + item);
            }
            List<Integer> numbers = new ArrayList<>();
            for (Object zone : zones) {
                if (!(zone instanceof Long n) || n < 1 || n > ConfigKeys.MAX_ZONES) {
                    throw new IllegalArgumentException("fault '" + text + "' lists zone " + zone + "; zones are 1.."
                            + ConfigKeys.MAX_ZONES);
                }
                numbers.add(n.intValue());
            }
            if (numbers.isEmpty()) {
                Logger.warn("{}: fault '{}' is about no zone, so nothing could clear it; dropped", file, text);
                continue;
            }
            read.add(new Fault(text, List.copyOf(numbers)));
        }
        return read;
    }

    /** The lines, oldest first, the sense input's own problem before them: the state's {@code faults}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (senseProblem != null) {
            lines.add(senseProblem);
        }
        faults.forEach(f -> lines.add(f.text()));
        return List.copyOf(lines);
    }

    /** The sense input's own problem now, or null when it is connected. */
    public String senseProblem() {
        return senseProblem;
    }

    /** Sets (null: clears) the sense input's own problem; true when it changed. */
    public boolean senseProblem(String problem) {
        if (java.util.Objects.equals(problem, senseProblem)) {
            return false;
        }
        if (problem != null) {
            raised++;
        }
        senseProblem = problem;
        return true;
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

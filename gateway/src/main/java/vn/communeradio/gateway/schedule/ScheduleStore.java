package vn.communeradio.gateway.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;
import vn.communeradio.gateway.command.CommandException;
import vn.communeradio.gateway.command.ScheduleItem;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * The schedule on disk, in two small files replaced atomically: the items ({@value #ITEMS}, written when a command
 * changes them) and what has been done ({@value #DONE}: the last date each item played or was missed, and up to
 * when the schedule was checked; written once per batch of occurrences). Kept apart so that the daily writes
 * never risk the items, and so that the SD card sees a few hundred bytes a day.
 */
final class ScheduleStore {

    static final String ITEMS = "schedule.json";
    static final String DONE = "schedule-done.json";

    /** The done file's content: last handled date per item id, and the instant the schedule was checked up to. */
    record Done(Map<String, LocalDate> dates, Instant checked) {
    }

    private final Path dir;

    ScheduleStore(Path stateDir) {
        this.dir = stateDir;
    }

    /** The stored items, in order; empty when there are none or the file is damaged (then set aside, logged). */
    List<ScheduleItem> loadItems() {
        Path file = dir.resolve(ITEMS);
        try {
            return peekItems(dir);
        } catch (IOException | JsonException | CommandException | RuntimeException e) {
            setAside(file, e, "starting with an empty schedule: send it again with schedule put");
            return List.of();
        }
    }

    /** The stored items for a reader outside the control loop (console): nothing is set aside here. */
    static List<ScheduleItem> peekItems(Path stateDir) throws IOException, JsonException, CommandException {
        try {
            Object items = Json.parseObject(Files.readAllBytes(stateDir.resolve(ITEMS))).get("items");
            if (!(items instanceof List<?> list)) {
                throw new JsonException("no \"items\" list", 0);
            }
            List<ScheduleItem> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(ScheduleItem.fromJson(list.get(i), "items[" + i + "]"));
            }
            return out;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    void saveItems(Collection<ScheduleItem> items) throws IOException {
        List<Object> json = new ArrayList<>();
        items.forEach(item -> json.add(item.toJson()));
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("items", json);
        AtomicFiles.write(dir.resolve(ITEMS), Json.write(file).getBytes(StandardCharsets.UTF_8));
    }

    /** What was done; nothing when absent or damaged (then set aside, logged). */
    Done loadDone() {
        Path file = dir.resolve(DONE);
        try {
            Map<String, Object> json = Json.parseObject(Files.readAllBytes(file));
            Map<String, LocalDate> dates = new LinkedHashMap<>();
            if (json.get("dates") instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    dates.put((String) e.getKey(), LocalDate.parse((String) e.getValue()));
                }
            }
            Instant checked = json.get("checked") instanceof Long ms ? Instant.ofEpochMilli(ms) : null;
            return new Done(dates, checked);
        } catch (NoSuchFileException e) {
            return new Done(new LinkedHashMap<>(), null);
        } catch (IOException | JsonException | RuntimeException e) { // RuntimeException: a bad date or type
            setAside(file, e, "items that already played today may play once more");
            return new Done(new LinkedHashMap<>(), null);
        }
    }

    /** Writes what was done; a failure is logged, not thrown: the broadcast matters more than its bookkeeping. */
    void saveDone(Map<String, LocalDate> dates, Instant checked) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> days = new LinkedHashMap<>();
        dates.forEach((id, date) -> days.put(id, date.toString()));
        out.put("dates", days);
        out.put("checked", checked.toEpochMilli());
        Path file = dir.resolve(DONE);
        try {
            AtomicFiles.write(file, Json.write(out).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Logger.error("cannot write {}: {}; after a restart, items that played today may play again (check the "
                    + "state directory's disk)", file, e.toString());
        }
    }

    /** Keeps a damaged file for a technician to look at, out of the way of the next write. */
    private static void setAside(Path file, Exception problem, String consequence) {
        String kept = AtomicFiles.setAside(file);
        Logger.error("schedule file {} is damaged ({}); it was {}; {}", file, problem.getMessage(), kept, consequence);
    }
}

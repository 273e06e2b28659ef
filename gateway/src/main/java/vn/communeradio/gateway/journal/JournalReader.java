package vn.communeradio.gateway.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;

/**
 * Reads the last log records of a journal directory from another thread than the journal's (the console): the
 * segments are append-only, so a reader sees whole synced lines, and at worst misses one being written.
 */
public final class JournalReader {

    private JournalReader() {
    }

    /** Up to {@code n} of the newest records, oldest first, as their JSON objects. */
    public static List<Map<String, Object>> lastRecords(Path dir, int n) throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = new ArrayList<>(files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(Journal.PREFIX) && name.endsWith(Journal.SUFFIX);
            }).sorted().toList());
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Collections.reverse(segments);
        List<Map<String, Object>> newestFirst = new ArrayList<>();
        for (Path segment : segments) {
            List<String> lines;
            try {
                lines = new String(Files.readAllBytes(segment), StandardCharsets.UTF_8).lines().toList();
            } catch (NoSuchFileException e) {
                continue; // dropped by the bound while we looked
            }
            for (int i = lines.size() - 1; i >= 0 && newestFirst.size() < n; i--) {
                if (lines.get(i).startsWith("{\"seq\":")) {
                    try {
                        newestFirst.add(Json.parseObject(lines.get(i).getBytes(StandardCharsets.UTF_8)));
                    } catch (JsonException e) {
                        // a torn or damaged line: the journal itself says so at its next start
                    }
                }
            }
            if (newestFirst.size() >= n) {
                break;
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}

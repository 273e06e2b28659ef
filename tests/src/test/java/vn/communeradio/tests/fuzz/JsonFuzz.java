package vn.communeradio.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;

/**
 * The JSON parser alone, on any bytes: a value or a JsonException, within time and allocation bounds; and a
 * value it accepts is written back as JSON that parses to the same text again.
 */
class JsonFuzz {

    private static final InputBounds BOUNDS = new InputBounds(1000, 16L << 20);

    @FuzzTest(maxDuration = Durations.CI)
    void parsesOrSaysWhy(byte[] utf8) throws Exception {
        BOUNDS.check(utf8, () -> {
            Object value;
            try {
                value = Json.parse(utf8);
            } catch (JsonException e) {
                return;
            }
            String written = Json.write(value);
            assertEquals(written, Json.write(Json.parse(written)), "written form is stable");
        });
    }
}

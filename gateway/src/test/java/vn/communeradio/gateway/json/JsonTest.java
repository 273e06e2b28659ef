package vn.communeradio.gateway.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    private static String error(String text) {
        return assertThrows(JsonException.class, () -> Json.parse(text), text).getMessage();
    }

    @Test
    void parsesEveryTypeToTheDocumentedJavaTypes() throws Exception {
        Object value = Json.parse(" {\"s\":\"x\",\"i\":-42,\"d\":1.5,\"e\":2E3,\"t\":true,\"f\":false,\"n\":null,"
                + "\"a\":[1,\"two\",[]],\"o\":{}} ");
        Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, value);
        assertEquals(List.of("s", "i", "d", "e", "t", "f", "n", "a", "o"), new ArrayList<>(map.keySet()));
        assertEquals("x", map.get("s"));
        assertEquals(-42L, map.get("i"));
        assertEquals(1.5, map.get("d"));
        assertEquals(2000.0, map.get("e"));
        assertEquals(Boolean.TRUE, map.get("t"));
        assertEquals(Boolean.FALSE, map.get("f"));
        assertTrue(map.containsKey("n"));
        assertNull(map.get("n"));
        assertFalse(map.containsKey("missing"));
        assertInstanceOf(ArrayList.class, map.get("a"));
        assertEquals(Arrays.asList(1L, "two", List.of()), map.get("a"));
        assertEquals(Map.of(), map.get("o"));
    }

    @Test
    void anyValueMayBeTheTopLevel() throws Exception {
        assertEquals("a", Json.parse("\"a\""));
        assertEquals(7L, Json.parse("7"));
        assertNull(Json.parse(" null "));
    }

    @Test
    void integersThatFitAreLongsAndLargerOnesDoubles() throws Exception {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(123456789012345678L, Json.parse("123456789012345678"));
        assertInstanceOf(Double.class, Json.parse("1" + "0".repeat(300)));
    }

    @Test
    void numbersBeyondADoubleAreRejected() {
        assertTrue(error("1e400").contains("too large"));
        assertTrue(error("-" + "9".repeat(400)).contains("too large"));
        assertTrue(error("[1" + "0".repeat(400) + "]").contains("too large"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-", "-a", "1.", ".5", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity",
            "1.5.2", "00", "-01"})
    void badNumbersAreRejected(String text) {
        error(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "tru", "nul", "True", "'a'", "[1,]", "{\"a\":1,}", "[,1]", "{,}", "{\"a\" 1}",
            "{a:1}", "{\"a\":}", "[1 2]", "/*c*/1", "1 // c", "[", "{", "{\"a\":1", "\"abc", "[\"a\"", "{1:2}"})
    void badSyntaxIsRejected(String text) {
        error(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} x", "1 2", "{}}", "[]]", "\"a\"\"b\"", "null,", "{}\u0000", "true false"})
    void trailingDataIsRejected(String text) {
        assertTrue(error(text).contains("after the JSON value"), text);
    }

    @Test
    void whitespaceIsOnlyTheFourRfcCharacters() throws Exception {
        assertEquals(List.of(1L), Json.parse("\t\r\n [ 1 ] \n"));
        error("\u00a0[1]");
        error("\ufeff{}"); // a byte order mark is not whitespace
        error("[1]\u000b");
    }

    @Test
    void duplicateMemberNamesAreRejectedWithTheName() throws Exception {
        assertTrue(error("{\"a\":1,\"b\":2,\"a\":3}").contains("duplicate member name \"a\""));
        assertTrue(error("{\"a\":null,\"a\":null}").contains("duplicate"));
        assertTrue(error("{\"x\":{\"a\":1,\"a\":1}}").contains("duplicate"));
        // the same name in different objects is fine
        assertDoesNotThrow("[{\"a\":1},{\"a\":2}]");
    }

    @Test
    void nestingIsLimitedToThirtyTwoLevels() throws Exception {
        assertDoesNotThrow("[".repeat(32) + "]".repeat(32));
        assertDoesNotThrow("{\"a\":".repeat(31) + "[]" + "}".repeat(31));
        assertTrue(error("[".repeat(33) + "]".repeat(33)).contains("nesting deeper than 32"));
        // a hostile depth is refused quickly, never a StackOverflowError
        assertTrue(error("[".repeat(1_000_000)).contains("nesting"));
        assertTrue(error("{\"a\":".repeat(100_000)).contains("nesting"));
    }

    @Test
    void escapesAreDecoded() throws Exception {
        assertEquals("\" \\ / \b \f \n \r \t é 😀", Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\""));
        assertEquals("ABC", Json.parse("\"\\u0041\\u0042\\u0043\""));
        assertEquals("aé😀b", Json.parse("\"aé😀b\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\x\"", "\"\\'\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\uD800\"", "\"\\uDC00\"",
            "\"\\uD800\\u0041\"", "\"\\uD800x\"", "\"\\u\"", "\"\\\"", "\"\\U0041\"", "\"\\u٠٠٤١\""})
    void badEscapesAreRejected(String text) {
        error(text);
    }

    @Test
    void rawControlCharactersInStringsAreRejected() {
        assertTrue(error("\"a\nb\"").contains("control character"));
        error("\"a\u0000b\"");
        error("\"\\n\u001f\"");
    }

    @Test
    void bytesMustBeValidUtf8() throws Exception {
        assertEquals("é", Json.parse("\"é\"".getBytes(StandardCharsets.UTF_8)));
        JsonException e = assertThrows(JsonException.class,
                () -> Json.parse(new byte[] {'"', 'a', (byte) 0xC3, '"'}));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        assertEquals(2, e.offset());
        assertThrows(JsonException.class, () -> Json.parse(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}));
        assertThrows(JsonException.class, () -> Json.parse(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}));
    }

    @Test
    void errorsSayWhereAndWhat() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a\":1 \"b\":2}"));
        assertEquals(7, e.offset());
        assertTrue(e.getMessage().contains("expected ',' or '}'"), e.getMessage());
        assertTrue(error("{\"a\":[1,2}").contains("expected ',' or ']'"));
    }

    @Test
    void parseObjectRequiresAnObject() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parseObject("[1]".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("expected a JSON object, found an array"), e.getMessage());
    }

    @Test
    void writesCompactOneLineJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", "c-1");
        map.put("n", 5L);
        map.put("i", 3);
        map.put("d", 0.25);
        map.put("b", true);
        map.put("z", null);
        map.put("l", List.of(1, "x", List.of()));
        map.put("o", Map.of());
        assertEquals("{\"id\":\"c-1\",\"n\":5,\"i\":3,\"d\":0.25,\"b\":true,\"z\":null,\"l\":[1,\"x\",[]],\"o\":{}}",
                Json.write(map));
    }

    @Test
    void writerEscapesWhatJsonRequires() throws Exception {
        String nasty = "q\" b\\ nl\n cr\r tab\t bs\b ff\f nul\u0000 us\u001f del\u007f é 😀 / \u2028";
        String written = Json.write(nasty);
        assertEquals("\"q\\\" b\\\\ nl\\n cr\\r tab\\t bs\\b ff\\f nul\\u0000 us\\u001f del\u007f é 😀 / \u2028\"", written);
        assertFalse(written.contains("\n"));
        assertEquals(nasty, Json.parse(written));
        // a lone surrogate cannot be UTF-8; it is escaped, and parsing it back is then refused as text
        assertEquals("\"a\\ud800b\"", Json.write("a\ud800b"));
        assertEquals("\"\\udc00\"", Json.write("\udc00"));
    }

    @Test
    void writerRefusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
    }

    @Test
    void writtenDoublesParseBack() throws Exception {
        for (double d : new double[] {0.1, -2.5e-10, 1e300, 12345.678, 1.0, 1e10}) {
            assertEquals(d, Json.parse(Json.write(d)));
        }
    }

    @Test
    void randomValuesSurviveWriteThenParse() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            Object value = randomValue(random, 0);
            assertEquals(value, Json.parse(Json.write(value)));
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 5 ? 5 : 7);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return random.nextLong();
            case 3:
                return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) + 0.5;
            case 4:
                return randomString(random);
            case 5: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                return map;
            }
        }
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            int c = random.nextInt(5) == 0 ? random.nextInt(0x20) : random.nextInt(4) == 0 ? 0x1F600 + random.nextInt(50)
                    : 0x20 + random.nextInt(0x300);
            s.appendCodePoint(c);
        }
        return s.toString();
    }

    private static void assertDoesNotThrow(String text) throws JsonException {
        Json.parse(text);
    }
}

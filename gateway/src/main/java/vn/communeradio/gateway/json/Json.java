package vn.communeradio.gateway.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) without dependencies: commands come from strangers, so the parser accepts exactly the
 * grammar and nothing more, and bounds the work an input can cause.
 *
 * <p>Values map to Java as: object → {@code LinkedHashMap<String,Object>} (member order kept), array →
 * {@code ArrayList<Object>}, string → {@code String}, number → {@code Long} when it is an integer that fits,
 * otherwise {@code Double}, {@code true}/{@code false} → {@code Boolean}, {@code null} → Java {@code null}. Inside
 * an object, {@code map.containsKey(k)} tells a member that is {@code null} from one that is absent.
 *
 * <p>Beyond the RFC grammar the parser rejects: nesting deeper than {@link #MAX_DEPTH}, duplicate member names,
 * numbers too large for a double, {@code &#92;u} escapes that leave an unpaired surrogate, and anything after the
 * value except whitespace. Input length is the caller's to bound (a command's size is checked before parsing).
 */
public final class Json {

    /** Deepest nesting of objects and arrays accepted; commands need 4, so 32 is generous and stack-safe. */
    public static final int MAX_DEPTH = 32;

    private Json() {
    }

    /** Parses one JSON text. */
    public static Object parse(String text) throws JsonException {
        return new JsonParser(text).document();
    }

    /** Parses one JSON text from UTF-8 bytes; malformed UTF-8 is an error, not replaced. */
    public static Object parse(byte[] utf8) throws JsonException {
        return parse(decodeUtf8(utf8));
    }

    /** Parses a JSON text whose value must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] utf8) throws JsonException {
        Object value = parse(utf8);
        if (!(value instanceof Map)) {
            throw new JsonException("expected a JSON object, found " + typeName(value), 0);
        }
        return (Map<String, Object>) value;
    }

    /** Decodes UTF-8 strictly: a bad byte sequence is an error (with its byte offset), never U+FFFD. */
    public static String decodeUtf8(byte[] utf8) throws JsonException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("not valid UTF-8", firstBadUtf8(utf8));
        }
    }

    /** The JSON type name of a parsed value, for error messages. */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Long) {
            return "an integer";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof Map) {
            return "an object";
        } else if (value instanceof Collection) {
            return "an array";
        }
        return value.getClass().getSimpleName();
    }

    /**
     * Compact one-line JSON of a value built from Map (String keys), Collection, String, Number, Boolean and
     * null. Non-finite numbers and other types are programming errors: IllegalArgumentException.
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(128);
        write(out, value, 0);
        return out.toString();
    }

    /** Appends {@code text} as a JSON string literal, quotes included. */
    public static void writeString(StringBuilder out, String text) {
        out.append('"');
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a proper pair is ordinary text
                continue;
            }
            out.append(text, start, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                // control characters, and lone surrogates that would otherwise become invalid UTF-8
                default -> out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                        .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(text, start, n).append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void write(StringBuilder out, Object value, int depth) {
        if (depth > 1000) {
            throw new IllegalArgumentException("value nested deeper than 1000 levels (a cycle?)");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON has no representation for " + d);
            }
            out.append(value); // Java's text ("1.0", "1.0E10") is valid JSON
        } else if (value instanceof BigDecimal big) {
            out.append(big);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, found " + entry.getKey());
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, key);
                out.append(':');
                write(out, entry.getValue(), depth + 1);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item, depth + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static int firstBadUtf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var result = decoder.decode(in, java.nio.CharBuffer.allocate(bytes.length + 1), true);
        return result.isError() ? in.position() : bytes.length;
    }
}

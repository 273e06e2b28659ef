package vn.communeradio.gateway.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recursive-descent parser behind {@link Json#parse}: one pass over the text, no regular expressions. */
final class JsonParser {

    private final String text;
    private final int length;
    private int pos;
    private int depth;

    JsonParser(String text) {
        this.text = text;
        this.length = text.length();
    }

    Object document() throws JsonException {
        skipWhitespace();
        Object value = value();
        skipWhitespace();
        if (pos != length) {
            throw error("unexpected " + describe(pos) + " after the JSON value");
        }
        return value;
    }

    private Object value() throws JsonException {
        if (pos >= length) {
            throw error("unexpected end of text, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected " + describe(pos) + ", expected a value");
        }
    }

    private Map<String, Object> object() throws JsonException {
        enter();
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            if (peek() != '"') {
                throw error("unexpected " + describe(pos) + ", expected a member name in double quotes");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            if (peek() != ':') {
                throw error("unexpected " + describe(pos) + ", expected ':' after member name");
            }
            pos++;
            skipWhitespace();
            if (map.containsKey(key)) {
                throw new JsonException("duplicate member name \"" + abbreviate(key) + "\"", keyAt);
            }
            map.put(key, value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return map;
            } else if (c != ',') {
                pos--;
                throw error("unexpected " + describe(pos) + ", expected ',' or '}' in object");
            }
            skipWhitespace();
        }
    }

    private List<Object> array() throws JsonException {
        enter();
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            list.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return list;
            } else if (c != ',') {
                pos--;
                throw error("unexpected " + describe(pos) + ", expected ',' or ']' in array");
            }
            skipWhitespace();
        }
    }

    private void enter() throws JsonException {
        if (++depth > Json.MAX_DEPTH) {
            throw error("nesting deeper than " + Json.MAX_DEPTH + " levels");
        }
    }

    private String string() throws JsonException {
        int start = ++pos; // after '"'
        // fast path: no escapes, the common case
        while (pos < length) {
            char c = text.charAt(pos);
            if (c == '"') {
                return text.substring(start, pos++);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            pos++;
        }
        StringBuilder out = new StringBuilder(pos - start + 16).append(text, start, pos);
        while (pos < length) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            } else if (c < 0x20) {
                throw error("control character " + describe(pos) + " in a string (escape it)");
            } else if (c == '\\') {
                escape(out);
            } else {
                out.append(c);
                pos++;
            }
        }
        throw new JsonException("unterminated string", start - 1);
    }

    private void escape(StringBuilder out) throws JsonException {
        int at = pos;
        if (++pos >= length) {
            throw new JsonException("unterminated escape", at);
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                char unit = hex4(at);
                if (Character.isHighSurrogate(unit)) {
                    // the pair must follow at once: a lone half is not text and breaks UTF-8 on the way out
                    if (pos + 1 < length && text.charAt(pos) == '\\' && text.charAt(pos + 1) == 'u') {
                        pos += 2;
                        char low = hex4(pos - 2);
                        if (Character.isLowSurrogate(low)) {
                            out.append(unit).append(low);
                            return;
                        }
                    }
                    throw new JsonException("unpaired surrogate \\u" + Integer.toHexString(unit), at);
                } else if (Character.isLowSurrogate(unit)) {
                    throw new JsonException("unpaired surrogate \\u" + Integer.toHexString(unit), at);
                }
                out.append(unit);
            }
            default -> throw new JsonException("invalid escape \\" + printable(c)
                    + " (accepted: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at);
        }
    }

    private char hex4(int escapeAt) throws JsonException {
        if (pos + 4 > length) {
            throw new JsonException("\\u needs four hex digits", escapeAt);
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hexDigit(text.charAt(pos + i));
            if (digit < 0) {
                throw new JsonException("\\u needs four hex digits", escapeAt);
            }
            value = value << 4 | digit;
        }
        pos += 4;
        return (char) value;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1; // Character.digit would also take non-ASCII digits
    }

    private Object number() throws JsonException {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        int intStart = pos;
        if (pos < length && text.charAt(pos) == '0') {
            pos++;
        } else if (pos < length && isDigit(text.charAt(pos))) {
            while (pos < length && isDigit(text.charAt(pos))) {
                pos++;
            }
        } else {
            throw error("a number needs a digit after '-'");
        }
        int intDigits = pos - intStart;
        boolean integer = true;
        if (pos < length && text.charAt(pos) == '.') {
            integer = false;
            pos++;
            if (!digits()) {
                throw error("a number needs digits after '.'");
            }
        }
        if (pos < length && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integer = false;
            pos++;
            if (pos < length && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!digits()) {
                throw error("a number needs digits in its exponent");
            }
        }
        if (pos < length && isDigit(text.charAt(pos))) {
            throw error("leading zeros are not allowed in numbers");
        }
        if (integer && intDigits <= 18) {
            long value = 0;
            for (int i = intStart; i < pos; i++) {
                value = value * 10 + (text.charAt(i) - '0');
            }
            return start == intStart ? value : -value;
        }
        String literal = text.substring(start, pos);
        if (integer) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBig) {
                // falls through: an integer beyond 64 bits is kept as a double
            }
        }
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw new JsonException("number " + abbreviate(literal) + " is too large", start);
        }
        return value;
    }

    private boolean digits() {
        int start = pos;
        while (pos < length && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe(pos) + ", expected a value");
        }
        pos += word.length();
    }

    private void skipWhitespace() {
        while (pos < length) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private char peek() throws JsonException {
        if (pos >= length) {
            throw error("unexpected end of text");
        }
        return text.charAt(pos);
    }

    private JsonException error(String message) {
        return new JsonException(message, pos);
    }

    private String describe(int at) {
        return at >= length ? "end of text" : "character " + printable(text.charAt(at));
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static String abbreviate(String literal) {
        return literal.length() <= 24 ? literal : literal.substring(0, 20) + "...";
    }
}

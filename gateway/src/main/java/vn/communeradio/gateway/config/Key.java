package vn.communeradio.gateway.config;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration key, or a family of keys sharing a pattern ({@code relay.<channel>.pin}), with its default,
 * its documentation and the parser that turns text into a value or says what is accepted.
 *
 * @param name        the key, or for a family its documented form with {@code <placeholder>}s
 * @param pattern     null for a plain key; the regex matching a family's names
 * @param defaultText the default as written in a file; null when the key is required
 * @param accepted    what values are accepted, in words ("tcp://HOST:PORT or ssl://HOST:PORT")
 * @param doc         what the key is for
 * @param parser      text to value; throws IllegalArgumentException when the text is not accepted
 */
public record Key<T>(String name, Pattern pattern, String defaultText, String accepted, String doc,
                     Function<String, T> parser) {

    static <T> Key<T> of(String name, String defaultText, String accepted, String doc, Function<String, T> parser) {
        return new Key<>(name, null, defaultText, accepted, doc, parser);
    }

    static <T> Key<T> family(String name, String regex, String accepted, String doc, Function<String, T> parser) {
        return new Key<>(name, Pattern.compile(regex), null, accepted, doc, parser);
    }

    public boolean required() {
        return pattern == null && defaultText == null;
    }

    public boolean matches(String key) {
        return pattern == null ? name.equals(key) : pattern.matcher(key).matches();
    }

    /** Parses a value, wrapping any failure in a message naming the key and what it accepts. */
    T parse(String key, String text) {
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            String detail = e instanceof NumberFormatException || e.getMessage() == null || e.getMessage().isBlank()
                    ? "" : " (" + e.getMessage() + ")";
            throw new IllegalArgumentException(
                    key + ": '" + text + "' is not accepted" + detail + "; expected " + accepted, e);
        }
    }
}

package vn.communeradio.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Text-to-value conversions for configuration keys; each throws IllegalArgumentException on bad input. */
final class Parsers {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private Parsers() {
    }

    static String id(String text) {
        if (!ID.matcher(text).matches()) {
            throw new IllegalArgumentException("");
        }
        return text;
    }

    static List<String> idList(String text) {
        Set<String> ids = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String id = part.trim();
            if (!id.isEmpty() && !ids.add(id(id))) {
                throw new IllegalArgumentException("'" + id + "' is listed twice");
            }
        }
        return List.copyOf(ids);
    }

    static final Pattern PIN_HASH = Pattern.compile("pbkdf2-sha256\\$[0-9]{4,7}\\$[A-Za-z0-9+/]{22,}={0,2}\\$[A-Za-z0-9+/]{43}=");

    static String pinHash(String text) {
        if (!text.isEmpty() && !PIN_HASH.matcher(text).matches()) {
            throw new IllegalArgumentException("");
        }
        return text;
    }

    static String text(String text) {
        return text;
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("");
        };
    }

    static Parser<Integer> intRange(int min, int max) {
        return text -> {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        };
    }

    static Parser<Double> doubleRange(double min, double max) {
        return text -> {
            double value = Double.parseDouble(text);
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        };
    }

    static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        return Path.of(text);
    }

    static List<Path> pathList(String text) {
        List<Path> paths = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                paths.add(Path.of(part.trim()));
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no path");
        }
        return List.copyOf(paths);
    }

    static URI mqttUrl(String text) {
        URI uri = URI.create(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
            throw new IllegalArgumentException("scheme must be tcp or ssl");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new IllegalArgumentException("no path allowed");
        }
        return uri;
    }

    static String topicPrefix(String text) {
        if (text.isEmpty() || text.startsWith("/") || text.endsWith("/") || text.contains("+") || text.contains("#")
                || text.contains("//")) {
            throw new IllegalArgumentException("");
        }
        return text;
    }

    static String logLevel(String text) {
        String level = text.toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new IllegalArgumentException("");
        }
        return level;
    }

    static List<String> portList(String text) {
        List<String> ports = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                ports.add(part.trim());
            }
        }
        return List.copyOf(ports);
    }

    /** A digital input's name as its input.<name>.* keys spell it, or empty for none. */
    static String inputName(String text) {
        if (!text.isEmpty() && !text.matches("[a-z][a-z0-9_]{0,31}")) {
            throw new IllegalArgumentException("input names are a-z, 0-9 and _, starting with a letter");
        }
        return text;
    }

    /** low, normal or high: a local announcement never takes the emergency level. */
    static vn.communeradio.gateway.command.Priority announcePriority(String text) {
        vn.communeradio.gateway.command.Priority priority = vn.communeradio.gateway.command.Priority.fromWire(text);
        if (priority == vn.communeradio.gateway.command.Priority.EMERGENCY) {
            throw new IllegalArgumentException("an emergency comes from a signed command, never from the station's "
                    + "microphone, which would outrank a province's warning");
        }
        if (priority == null) {
            throw new IllegalArgumentException("");
        }
        return priority;
    }

    static GpioMode gpioMode(String text) {
        return choice(GpioMode.class, text);
    }

    static vn.communeradio.hal.gpio.Pi4jGpio.Provider gpioProvider(String text) {
        return choice(vn.communeradio.hal.gpio.Pi4jGpio.Provider.class, text);
    }

    /** An enum constant by its lower-case name; the key's own "accepted" text says which exist. */
    private static <E extends Enum<E>> E choice(Class<E> type, String text) {
        for (E value : type.getEnumConstants()) {
            if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException("");
    }

    static AudioSpec audio(String text) {
        if (text.startsWith("wav:")) {
            return new AudioSpec.Wav(path(text.substring(4)));
        }
        return switch (text) {
            case "null" -> new AudioSpec.Null();
            case "jack" -> new AudioSpec.Jack();
            case "javasound" -> new AudioSpec.JavaSound();
            default -> throw new IllegalArgumentException("");
        };
    }

    static AudioInputMode audioInput(String text) {
        return choice(AudioInputMode.class, text);
    }

    /** Comma-separated gains 0..10, one per zone; empty for none. */
    static List<Double> gains(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        List<Double> gains = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            double gain = Double.parseDouble(part.strip());
            if (!(gain >= 0 && gain <= 10)) {
                throw new IllegalArgumentException(part.strip() + " is not 0..10");
            }
            gains.add(gain);
        }
        return List.copyOf(gains);
    }

    /** {@code LOW-HIGH} in Hz, 1 <= LOW < HIGH <= 24000. */
    static FrequencyBand band(String text) {
        String[] edges = text.split("-", -1);
        if (edges.length != 2) {
            throw new IllegalArgumentException("");
        }
        double low = Double.parseDouble(edges[0].strip());
        double high = Double.parseDouble(edges[1].strip());
        if (!(low >= 1 && low < high && high <= 24_000)) {
            throw new IllegalArgumentException("");
        }
        return new FrequencyBand(low, high);
    }

    /** {@code silence} (0) or {@code tone:HZ} with HZ in 20..20000: the tone's frequency. */
    static double simLine(String text) {
        if (text.equals("silence")) {
            return 0;
        }
        if (!text.startsWith("tone:")) {
            throw new IllegalArgumentException("");
        }
        double hz = Double.parseDouble(text.substring(5).strip());
        if (!(hz >= 20 && hz <= 20_000)) {
            throw new IllegalArgumentException("");
        }
        return hz;
    }

    static ClockSpec clock(String text) {
        if (text.equals("system")) {
            return new ClockSpec.System();
        }
        if (!text.startsWith("sim:")) {
            throw new IllegalArgumentException("");
        }
        try {
            return new ClockSpec.Simulated(java.time.Instant.parse(text.substring(4)));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 instant such as 2026-06-12T00:59:50Z", e);
        }
    }

    static String watchdog(String text) {
        if (!text.equals("none") && !text.startsWith("/")) {
            throw new IllegalArgumentException("");
        }
        return text;
    }

    /** A parser as a named functional type, so that ranges read well in the key table. */
    @FunctionalInterface
    interface Parser<T> extends java.util.function.Function<String, T> {
    }
}

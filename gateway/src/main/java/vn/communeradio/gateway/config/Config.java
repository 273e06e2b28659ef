package vn.communeradio.gateway.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.communeradio.hal.gpio.GpioPin;
import vn.communeradio.hal.gpio.RelayOutputs;

/**
 * A validated, immutable configuration: every key known, every value parsed, cross-key rules checked. Built
 * only through {@link #load} or {@link #parse}, which report all problems at once.
 */
public final class Config {

    /** Where the package installs the configuration: what every command reads without {@code --config}. */
    public static final Path DEFAULT_FILE = Path.of("/etc/commune-radio/gateway.properties");

    private static final Pattern RELAY_KEY = Pattern.compile("relay\\.(amp|zone([1-9][0-9]*))\\.(pin|active_low)");
    private static final Pattern INPUT_KEY = Pattern.compile("input\\.([a-z][a-z0-9_]*)\\.(pin|active_low)");

    private final Map<Key<?>, Object> values;
    private final Map<String, String> effective;
    private final List<GpioPin> relayPins;
    private final List<GpioPin> inputPins;
    private final Map<String, String> packageLevels;
    private final Path file;
    private final Set<String> overridden;
    private final List<String> warnings;

    private Config(Map<Key<?>, Object> values, Map<String, String> effective, List<GpioPin> relayPins,
                   List<GpioPin> inputPins, Map<String, String> packageLevels, Path file, Set<String> overridden,
                   List<String> warnings) {
        this.values = values;
        this.effective = effective;
        this.relayPins = relayPins;
        this.inputPins = inputPins;
        this.packageLevels = packageLevels;
        this.file = file;
        this.overridden = Set.copyOf(overridden);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads the installed properties file (UTF-8), then the technician's overrides in its state directory
     * ({@link ConfigOverrides}) over it: what the service runs with at every start.
     */
    public static Config load(Path file) throws ConfigException {
        Map<String, String> installed = readProperties(file, "config file " + file);
        ConfigOverrides overrides = ConfigOverrides.of(installed);
        Map<String, String> layered = overrides.over(installed);
        Config config;
        try {
            config = parse(layered);
        } catch (ConfigException e) {
            if (overrides.read().isEmpty()) {
                throw e;
            }
            List<String> problems = new ArrayList<>(e.problems());
            problems.add("overrides from " + overrides.file() + " (" + String.join(", ", overrides.read().keySet())
                    + ") are applied over " + file + "; remove a bad one with 'console config unset KEY' or edit "
                    + "that file");
            throw new ConfigException(problems);
        }
        return new Config(config.values, config.effective, config.relayPins, config.inputPins, config.packageLevels,
                file.toAbsolutePath(), overrides.read().keySet(), config.warnings);
    }

    /** The key/value text of a properties file (UTF-8), trimmed; {@code what} names it in errors. */
    static Map<String, String> readProperties(Path file, String what) throws ConfigException {
        Properties properties = new Properties();
        try (Reader reader = new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT))) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(what + ": does not exist"));
        } catch (AccessDeniedException e) {
            throw new ConfigException(List.of(what + ": permission denied"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(what + ": not valid UTF-8 text"));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(List.of(what + ": cannot be read: " + e.getMessage()));
        }
        Map<String, String> raw = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> raw.put(name.trim(), properties.getProperty(name).trim()));
        return raw;
    }

    /** Validates raw key/value text; every problem found is reported, not only the first. */
    public static Config parse(Map<String, String> raw) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Map<Key<?>, Object> values = new HashMap<>();
        Map<String, String> effective = new TreeMap<>();

        for (String name : new TreeMap<>(raw).keySet()) {
            if (ConfigKeys.all().stream().noneMatch(key -> key.matches(name))) {
                problems.add(name + ": unknown key" + suggestion(name).map(s -> " (did you mean '" + s + "'?)").orElse("")
                        + "; every key is listed in docs/configuration.md");
            }
        }
        for (Key<?> key : ConfigKeys.all()) {
            if (key.pattern() != null) {
                continue;
            }
            String text = raw.get(key.name());
            if (text == null || (text.isEmpty() && key.required())) {
                if (key.required()) {
                    problems.add(key.name() + ": required but not set; expected " + key.accepted());
                    continue;
                }
                text = key.defaultText();
            }
            try {
                values.put(key, key.parse(key.name(), text));
                effective.put(key.name(), text);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }

        Map<String, String> familyValues = new TreeMap<>();
        for (Map.Entry<String, String> entry : raw.entrySet()) {
            for (Key<?> key : ConfigKeys.all()) {
                if (key.pattern() != null && key.matches(entry.getKey())) {
                    try {
                        key.parse(entry.getKey(), entry.getValue());
                        familyValues.put(entry.getKey(), entry.getValue());
                    } catch (IllegalArgumentException e) {
                        problems.add(e.getMessage());
                    }
                }
            }
        }
        effective.putAll(familyValues);

        if (values.get(ConfigKeys.HAL_CLOCK) instanceof ClockSpec.Simulated
                && values.get(ConfigKeys.HAL_GPIO) != GpioMode.SIM) {
            problems.add("hal.clock: a simulated clock is for a simulated station only (hal.gpio=sim); a station "
                    + "with real relays runs on the system clock: remove hal.clock");
        }
        int zones = values.get(ConfigKeys.RELAY_ZONES) instanceof Integer n ? n : 1;
        AudioInputRules.check(values, zones, problems);
        List<GpioPin> relays = relayPins(familyValues, zones, problems);
        List<GpioPin> inputs = inputPins(familyValues, problems);
        checkDistinctLines(relays, inputs, problems);
        AudioInputRules.checkAnnouncement(values, inputs.stream().map(GpioPin::name).toList(), problems);
        Map<String, String> levels = new TreeMap<>();
        familyValues.forEach((name, text) -> {
            if (name.startsWith("log.level.")) {
                levels.put(name.substring("log.level.".length()), text.toLowerCase(java.util.Locale.ROOT));
            }
        });

        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(Collections.unmodifiableMap(values), Collections.unmodifiableMap(effective),
                relays, inputs, Collections.unmodifiableMap(levels), null, Set.of(),
                IdleKeys.warnings(raw, values, effective));
    }

    private static List<GpioPin> relayPins(Map<String, String> families, int zones, List<String> problems) {
        for (String name : families.keySet()) {
            Matcher m = RELAY_KEY.matcher(name);
            if (m.matches() && m.group(2) != null && Integer.parseInt(m.group(2)) > zones) {
                problems.add(name + ": zone " + m.group(2) + " does not exist with relay.zones=" + zones
                        + "; raise relay.zones or remove the key");
            }
        }
        List<GpioPin> pins = new ArrayList<>();
        for (int i = 0; i <= zones; i++) {
            String channel = i == 0 ? RelayOutputs.AMP : RelayOutputs.zone(i);
            String pin = families.get("relay." + channel + ".pin");
            int line = pin != null ? Integer.parseInt(pin) : ConfigKeys.DEFAULT_PINS[i];
            boolean activeLow = Boolean.parseBoolean(families.getOrDefault("relay." + channel + ".active_low", "false"));
            pins.add(new GpioPin(channel, line, activeLow));
        }
        return List.copyOf(pins);
    }

    private static List<GpioPin> inputPins(Map<String, String> families, List<String> problems) {
        Map<String, GpioPin> pins = new TreeMap<>();
        for (String name : families.keySet()) {
            Matcher m = INPUT_KEY.matcher(name);
            if (!m.matches()) {
                continue;
            }
            String input = m.group(1);
            String pin = families.get("input." + input + ".pin");
            if (pin == null) {
                if (!pins.containsKey(input)) {
                    problems.add("input." + input + ".active_low: input '" + input + "' has no input." + input
                            + ".pin; set its GPIO line");
                }
                continue;
            }
            boolean activeLow = Boolean.parseBoolean(families.getOrDefault("input." + input + ".active_low", "false"));
            pins.put(input, new GpioPin(input, Integer.parseInt(pin), activeLow));
        }
        return List.copyOf(pins.values());
    }

    private static void checkDistinctLines(List<GpioPin> relays, List<GpioPin> inputs, List<String> problems) {
        Map<Integer, String> owners = new HashMap<>();
        for (GpioPin pin : relays) {
            String previous = owners.putIfAbsent(pin.address(), "relay " + pin.name());
            if (previous != null) {
                problems.add("relay." + pin.name() + ".pin: GPIO line " + pin.address() + " is already used by "
                        + previous + "; each channel needs its own line");
            }
        }
        for (GpioPin pin : inputs) {
            String previous = owners.putIfAbsent(pin.address(), "input " + pin.name());
            if (previous != null) {
                problems.add("input." + pin.name() + ".pin: GPIO line " + pin.address() + " is already used by "
                        + previous + "; each channel needs its own line");
            }
        }
    }

    /** The closest known key when a name looks like a typo of one (edit distance ≤ 2). */
    private static Optional<String> suggestion(String name) {
        String best = null;
        int bestDistance = 3;
        for (Key<?> key : ConfigKeys.all()) {
            if (key.pattern() != null) {
                continue;
            }
            int d = distance(name, key.name());
            if (d < bestDistance) {
                best = key.name();
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        if (key.pattern() != null) {
            throw new IllegalArgumentException(key.name() + " is a key family; use its typed accessor");
        }
        return (T) values.get(key);
    }

    /** Relay channels in wiring order: amp, zone1..zoneN. */
    public List<GpioPin> relayPins() {
        return relayPins;
    }

    public List<GpioPin> inputPins() {
        return inputPins;
    }

    /** Per-package log levels from {@code log.level.<package>}. */
    public Map<String, String> packageLogLevels() {
        return packageLevels;
    }

    /** Every key's effective value as text (defaults included), sorted by name: for {@code config show}. */
    public Map<String, String> effective() {
        return effective;
    }

    /**
     * Keys set that nothing reads under the other keys (the tuning of a feature that is off), one line each
     * naming the key and what would make it act: {@code run} logs them at start, {@code check} prints them.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** The installed file this was loaded from; null when built from text by {@link #parse}. */
    public Path file() {
        return file;
    }

    /** Keys whose value comes from the overrides file in the state directory. */
    public Set<String> overridden() {
        return overridden;
    }
}

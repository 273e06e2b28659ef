package vn.communeradio.gateway.config;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * The technician's configuration changes ({@code console config set}), kept as a properties file in the state
 * directory and layered over the installed file at every start. The installed file stays the installer's (the
 * package may replace it on upgrade); an override survives that and is visible as one in {@code config show}.
 */
public final class ConfigOverrides {

    public static final String FILE = "config-overrides.properties";

    private final Path file;
    private final Map<String, String> values;

    private ConfigOverrides(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /** The overrides of the state directory that {@code installed} names (or the default one). */
    static ConfigOverrides of(Map<String, String> installed) throws ConfigException {
        String dir = installed.getOrDefault(ConfigKeys.STATE_DIR.name(), "");
        if (dir.isEmpty()) {
            dir = ConfigKeys.STATE_DIR.defaultText();
        }
        Path file = Path.of(dir).resolve(FILE);
        if (!Files.exists(file)) {
            return new ConfigOverrides(file, Map.of());
        }
        Map<String, String> values = Config.readProperties(file, "config overrides " + file);
        if (values.containsKey(ConfigKeys.STATE_DIR.name())) {
            throw new ConfigException(List.of("config overrides " + file + ": state.dir cannot be overridden (the "
                    + "overrides live in it); remove that line"));
        }
        return new ConfigOverrides(file, Map.copyOf(values));
    }

    /** The overrides of {@code config}'s state directory, read again from disk. */
    public static ConfigOverrides of(Config config) throws ConfigException {
        return of(Map.of(ConfigKeys.STATE_DIR.name(), config.get(ConfigKeys.STATE_DIR).toString()));
    }

    public Path file() {
        return file;
    }

    /** Key to value text, as stored. */
    public Map<String, String> read() {
        return values;
    }

    Map<String, String> over(Map<String, String> installed) {
        Map<String, String> layered = new TreeMap<>(installed);
        layered.putAll(values);
        return layered;
    }

    /**
     * Validates {@code installedFile} with this override added, by the same rules as at start, and saves it only
     * when the whole result is valid: a bad value changes nothing. Throws with one line per problem.
     */
    public void set(Path installedFile, String key, String value) throws ConfigException, IOException {
        if (key.equals(ConfigKeys.STATE_DIR.name())) {
            throw new ConfigException(List.of("state.dir cannot be overridden: the overrides live in it; change it "
                    + "in " + installedFile));
        }
        Map<String, String> changed = new TreeMap<>(values);
        changed.put(key, value.trim());
        validateAndSave(installedFile, changed);
    }

    /** Removes the override of {@code key} (the installed value applies again); false when there was none. */
    public boolean unset(Path installedFile, String key) throws ConfigException, IOException {
        if (!values.containsKey(key)) {
            return false;
        }
        Map<String, String> changed = new TreeMap<>(values);
        changed.remove(key);
        validateAndSave(installedFile, changed);
        return true;
    }

    private void validateAndSave(Path installedFile, Map<String, String> changed) throws ConfigException, IOException {
        Map<String, String> layered = new TreeMap<>(Config.readProperties(installedFile, "config file " + installedFile));
        layered.putAll(changed);
        Config.parse(layered);
        Properties properties = new Properties();
        properties.putAll(changed);
        StringWriter text = new StringWriter();
        properties.store(text, " Technician overrides ('commune-radio console config set'), applied over "
                + installedFile + " at every start");
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        // it may hold mqtt.password: readable by the service's group (the console), like the installed file
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    }
}

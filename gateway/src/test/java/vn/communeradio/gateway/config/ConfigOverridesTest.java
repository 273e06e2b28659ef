package vn.communeradio.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Technician overrides: checked like the file, saved only when valid, layered over the file at every load. */
class ConfigOverridesTest {

    @TempDir
    Path dir;

    private Path installed;
    private String installedText;

    @BeforeEach
    void install() throws Exception {
        installed = dir.resolve("gateway.properties");
        installedText = """
                station.id = bk-0001
                mqtt.url = tcp://127.0.0.1:1883
                state.dir = %s
                playback.default_volume = 60
                """.formatted(dir.resolve("state"));
        Files.writeString(installed, installedText);
    }

    @Test
    void aSavedOverrideWinsOverTheInstalledFileAtTheNextLoad() throws Exception {
        Config before = Config.load(installed);
        ConfigOverrides.of(before).set(installed, "playback.default_volume", "35");
        assertEquals(60, before.get(ConfigKeys.PLAYBACK_DEFAULT_VOLUME), "the running configuration is unchanged");
        Config after = Config.load(installed);
        assertEquals(35, after.get(ConfigKeys.PLAYBACK_DEFAULT_VOLUME));
        assertEquals(Set.of("playback.default_volume"), after.overridden());
        assertEquals(installedText, Files.readString(installed), "the installed file is never written");
    }

    @Test
    void aBadValueOrUnknownKeyChangesNothing() throws Exception {
        ConfigOverrides overrides = ConfigOverrides.of(Config.load(installed));
        List<String> problems = assertThrows(ConfigException.class,
                () -> overrides.set(installed, "playback.default_volume", "300")).problems();
        assertEquals(List.of("playback.default_volume: '300' is not accepted (out of range); expected 0..100"), problems);
        assertThrows(ConfigException.class, () -> overrides.set(installed, "playback.default_volum", "30"));
        assertThrows(ConfigException.class, () -> overrides.set(installed, "state.dir", "/elsewhere"));
        assertFalse(Files.exists(overrides.file()));
    }

    @Test
    void unsetReturnsToTheInstalledValue() throws Exception {
        ConfigOverrides.of(Config.load(installed)).set(installed, "relay.zones", "3");
        ConfigOverrides overrides = ConfigOverrides.of(Config.load(installed));
        assertTrue(overrides.unset(installed, "relay.zones"));
        assertFalse(ConfigOverrides.of(Config.load(installed)).unset(installed, "relay.zones"));
        assertEquals(1, Config.load(installed).get(ConfigKeys.RELAY_ZONES));
    }

    @Test
    void aDamagedOverridesFileIsNamedInTheProblems() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state").resolve(ConfigOverrides.FILE), "relay.zones = 42\n");
        List<String> problems = assertThrows(ConfigException.class, () -> Config.load(installed)).problems();
        assertTrue(problems.get(0).startsWith("relay.zones: '42' is not accepted"), problems.toString());
        assertTrue(problems.get(1).contains("overrides from " + dir.resolve("state").resolve(ConfigOverrides.FILE)),
                problems.toString());
        assertTrue(problems.get(1).contains("config unset KEY"), problems.toString());
    }
}

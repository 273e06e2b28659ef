package vn.communeradio.gateway.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigKeys;

class ConsolePinTest {

    @Test
    void theHashMatchesItsPinOnlyAndIsAcceptedByTheConfiguration() throws Exception {
        String hash = ConsolePin.hash("2468");
        assertTrue(ConsolePin.matches("2468", hash));
        assertFalse(ConsolePin.matches("2469", hash));
        assertFalse(hash.contains("2468"));
        assertNotEquals(hash, ConsolePin.hash("2468"), "salted: the same PIN hashes differently each time");
        Config config = Config.parse(Map.of("station.id", "a", "mqtt.url", "tcp://h:1883",
                ConfigKeys.CONSOLE_PIN_HASH.name(), hash));
        assertTrue(ConsolePin.matches("2468", config.get(ConfigKeys.CONSOLE_PIN_HASH)));
    }

    @Test
    void malformedHashesAndPinsAreRefused() {
        assertFalse(ConsolePin.matches("2468", "plain-2468"));
        assertFalse(ConsolePin.matches("2468", "pbkdf2-sha256$x$y$z"));
        assertNull(ConsolePin.problem("2468"));
        assertTrue(ConsolePin.problem("12").contains("4 to 32"));
        assertTrue(ConsolePin.problem("12 34").contains("no spaces"));
    }
}

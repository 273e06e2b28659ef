package vn.communeradio.tests.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.Mock;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProviderImpl;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.station.ConfiguredHardware;
import vn.communeradio.gateway.station.StartupException;
import vn.communeradio.gateway.station.Station;
import vn.communeradio.hal.gpio.Pi4jGpio;
import vn.communeradio.tests.support.NativeDecoders;

/**
 * The service's relay guarantees through real Pi4J code paths (mock GPIO provider): off at start, follow the
 * control loop, off at stop, off when start-up fails half-way, active-low wiring honoured throughout.
 */
class StationRelaySafetyTest {

    @TempDir
    Path dir;

    private Context pi4j;
    private final Map<String, DigitalOutput> lines = new LinkedHashMap<>();

    /**
     * A mock provider that records every line it creates and leaves each one at its "on" level, ignoring the
     * requested initial state: a line left on by a crashed process, on a driver that does not apply it.
     * Only the service's own "all off first" makes these lines safe.
     */
    private final class LeftOnProvider extends MockDigitalOutputProviderImpl {
        @Override
        public DigitalOutput create(DigitalOutputConfig config) {
            DigitalOutput output = super.create(config);
            boolean activeLow = config.shutdownState() == DigitalState.HIGH;
            output.state(activeLow ? DigitalState.LOW : DigitalState.HIGH);
            lines.put(config.id().substring("relay-".length()), output);
            return output;
        }
    }

    private ConfiguredHardware mockHardware() {
        return new ConfiguredHardware(provider -> {
            pi4j = Pi4J.newContextBuilder()
                    .add(new MockPlatform())
                    .add(MockDigitalInputProvider.newInstance(), new LeftOnProvider())
                    .build();
            return new Pi4jGpio(pi4j, Mock.DIGITAL_OUTPUT_PROVIDER_ID, Mock.DIGITAL_INPUT_PROVIDER_ID);
        });
    }

    private Config config(String... extra) throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("station.id", "pi-1");
        raw.put("mqtt.url", "tcp://127.0.0.1:1883");
        raw.put("hal.gpio", "pi4j");
        raw.put("relay.zones", "2");
        raw.put("relay.zone2.active_low", "true");
        raw.put("state.dir", dir.resolve("state").toString());
        raw.put("status.log_interval_s", "0");
        for (int i = 0; i < extra.length; i += 2) {
            raw.put(extra[i], extra[i + 1]);
        }
        return Config.parse(raw);
    }

    private void assertAllOff() {
        assertEquals(DigitalState.LOW, lines.get("amp").state(), "amp");
        assertEquals(DigitalState.LOW, lines.get("zone1").state(), "zone1");
        assertEquals(DigitalState.HIGH, lines.get("zone2").state(), "zone2 is active-low: off = HIGH");
    }

    @Test
    void relaysOffAtStartFollowTheLoopAndOffAtStop() throws Exception {
        Station station = Station.start(config(), mockHardware(), NativeDecoders.load());
        try {
            assertAllOff();

            CompletableFuture<Void> switched = new CompletableFuture<>();
            station.loop().post(() -> {
                station.hardware().relays().set("amp", true);
                station.hardware().relays().set("zone2", true);
                switched.complete(null);
            });
            switched.get(5, TimeUnit.SECONDS);
            assertEquals(DigitalState.HIGH, lines.get("amp").state());
            assertEquals(DigitalState.LOW, lines.get("zone2").state(), "active-low zone on = LOW");
        } finally {
            station.close();
        }
        assertAllOff();
        assertTrue(pi4j.isShutdown(), "Pi4J context shut down after the relays went off");
    }

    @Test
    void startupFailingHalfWayLeavesEveryRelayOff() throws Exception {
        Config config = config("hal.watchdog", "/nonexistent/watchdog");
        StartupException e = assertThrows(StartupException.class, () -> Station.start(config, mockHardware(), NativeDecoders.load()));
        assertTrue(e.getMessage().contains("/nonexistent/watchdog"), e.getMessage());
        assertTrue(pi4j.isShutdown(), "GPIO released");
        assertEquals(3, lines.size());
        assertAllOff();
    }
}

package vn.communeradio.hal.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.Mock;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Relays and inputs through real Pi4J code paths, on Pi4J's mock GPIO provider. */
class Pi4jGpioTest {

    private static final List<GpioPin> RELAYS = List.of(
            new GpioPin("amp", 17, false),
            new GpioPin("zone1", 27, true),
            new GpioPin("zone2", 22, false));

    private Context pi4j;
    private Pi4jGpio gpio;

    @BeforeEach
    void mockContext() {
        // built explicitly, so that no real GPIO plugin on the class path can take over
        pi4j = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
        gpio = new Pi4jGpio(pi4j, Mock.DIGITAL_OUTPUT_PROVIDER_ID, Mock.DIGITAL_INPUT_PROVIDER_ID);
    }

    @AfterEach
    void shutdown() {
        gpio.close();
    }

    private DigitalOutput line(String channel) {
        return pi4j.io("relay-" + channel);
    }

    @Test
    void relaysStartOffAtTheirOffLevel() {
        RelayOutputs relays = gpio.relays(RELAYS);
        assertEquals(List.of("amp", "zone1", "zone2"), relays.channels());
        for (String channel : relays.channels()) {
            assertFalse(relays.isOn(channel), channel);
        }
        assertEquals(DigitalState.LOW, line("amp").state());
        // active-low wiring: "off" is the HIGH level
        assertEquals(DigitalState.HIGH, line("zone1").state());
        assertEquals(DigitalState.LOW, line("zone2").state());
    }

    @Test
    void relaysFollowCommandsAndActiveLowInverts() {
        RelayOutputs relays = gpio.relays(RELAYS);
        relays.set("amp", true);
        relays.set("zone1", true);
        assertTrue(relays.isOn("amp"));
        assertTrue(relays.isOn("zone1"));
        assertFalse(relays.isOn("zone2"));
        assertEquals(DigitalState.HIGH, line("amp").state());
        assertEquals(DigitalState.LOW, line("zone1").state(), "active-low relay on = LOW");
        assertEquals(DigitalState.LOW, line("zone2").state());

        relays.set("zone1", false);
        assertEquals(DigitalState.HIGH, line("zone1").state());
    }

    @Test
    void allOffAndCloseSwitchEveryRelayOff() {
        RelayOutputs relays = gpio.relays(RELAYS);
        relays.channels().forEach(channel -> relays.set(channel, true));
        DigitalOutput amp = line("amp");
        DigitalOutput zone1 = line("zone1");
        DigitalOutput zone2 = line("zone2");

        relays.close();
        assertEquals(DigitalState.LOW, amp.state());
        assertEquals(DigitalState.HIGH, zone1.state());
        assertEquals(DigitalState.LOW, zone2.state());
    }

    @Test
    void contextShutdownAppliesTheOffLevelToo() {
        RelayOutputs relays = gpio.relays(RELAYS);
        relays.channels().forEach(channel -> relays.set(channel, true));
        DigitalOutput amp = line("amp");
        DigitalOutput zone1 = line("zone1");

        // the Pi4J shutdown state alone, without our allOff(): the second line of defence
        gpio.close();
        assertEquals(DigitalState.LOW, amp.state());
        assertEquals(DigitalState.HIGH, zone1.state());
    }

    @Test
    void unknownChannelIsRefusedWithTheConfiguredOnes() {
        RelayOutputs relays = gpio.relays(RELAYS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> relays.set("zone9", true));
        assertTrue(e.getMessage().contains("zone9") && e.getMessage().contains("amp, zone1, zone2"), e.getMessage());
    }

    @Test
    void twoChannelsOnOneLineAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> gpio.relays(List.of(new GpioPin("amp", 17, false), new GpioPin("zone1", 17, false))));
    }

    @Test
    void inputsApplyTheirPolarity() {
        DigitalInputs inputs = gpio.inputs(List.of(new GpioPin("mains", 5, false), new GpioPin("door", 6, true)));
        MockDigitalInput mains = pi4j.io("input-mains");
        MockDigitalInput door = pi4j.io("input-door");

        mains.mockState(DigitalState.HIGH);
        door.mockState(DigitalState.HIGH);
        assertEquals(Map.of("mains", true, "door", false), inputs.read());

        mains.mockState(DigitalState.LOW);
        door.mockState(DigitalState.LOW);
        assertEquals(Map.of("mains", false, "door", true), inputs.read());
        assertEquals(List.of("mains", "door"), List.copyOf(inputs.read().keySet()));
        DigitalInput unused = mains;
        assertTrue(unused.isLow());
    }
}

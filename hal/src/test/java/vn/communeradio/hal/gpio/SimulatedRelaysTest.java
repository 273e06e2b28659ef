package vn.communeradio.hal.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedRelaysTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void recordsEveryChangeWithItsTime() {
        SimulatedRelays relays = new SimulatedRelays(List.of("amp", "zone1"), clock);
        assertFalse(relays.isOn("amp"));
        relays.set("amp", true);
        relays.set("zone1", true);
        assertTrue(relays.isOn("zone1"));
        relays.close();

        assertEquals(List.of(
                new RelayChange("amp", true, clock.instant()),
                new RelayChange("zone1", true, clock.instant()),
                new RelayChange("amp", false, clock.instant()),
                new RelayChange("zone1", false, clock.instant())), relays.history());
        assertFalse(relays.isOn("amp"));
        assertFalse(relays.isOn("zone1"));
    }

    @Test
    void aZoneSoundsOnlyWhileItsRelayAndTheAmplifiersAreOn() {
        SimulatedRelays relays = new SimulatedRelays(List.of("amp", "zone1", "zone2"), clock);
        SoundingZones sounding = relays.sounding();
        relays.set("zone1", true);
        assertFalse(sounding.test(1), "no amplifier");
        relays.set("amp", true);
        assertTrue(sounding.test(1));
        assertFalse(sounding.test(2));
        assertFalse(sounding.test(3), "no such zone");
        assertFalse(sounding.test(0));
        relays.allOff();
        assertFalse(sounding.test(1));
    }

    @Test
    void unknownChannelChangesNothing() {
        SimulatedRelays relays = new SimulatedRelays(List.of("amp"), clock);
        assertThrows(IllegalArgumentException.class, () -> relays.set("zone1", true));
        assertEquals(List.of(), relays.history());
    }
}

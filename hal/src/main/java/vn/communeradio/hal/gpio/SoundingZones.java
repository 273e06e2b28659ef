package vn.communeradio.hal.gpio;

import java.util.function.IntPredicate;

/**
 * Which speaker zones of simulated relays sound now (the amplifier's relay and the zone's both on), read without a
 * lock: the simulated input's acoustic path asks it on the render thread. Holds no string constant, as a class the
 * audio callback runs must not (see gateway's RealTimeClassesTest).
 */
public final class SoundingZones implements IntPredicate {

    private final int ampBit;
    /** The relay bit of zone n at [n]; -1 where the relays have no such zone. */
    private final int[] zoneBits;
    private volatile long on;

    /** @param zoneBits the bit (the channel's index) of zone n at [n], [0] unused, -1 for a zone not wired */
    SoundingZones(int ampBit, int[] zoneBits) {
        this.ampBit = ampBit;
        this.zoneBits = zoneBits.clone();
    }

    /** The relays changed: bit i is channel i's state. Called by their owner under its lock. */
    void update(long bits) {
        on = bits;
    }

    /** Whether zone {@code zone} (1-based) gets sound now: false for a zone that does not exist. */
    @Override
    public boolean test(int zone) {
        long bits = on;
        if (zone < 1 || zone >= zoneBits.length || zoneBits[zone] < 0 || ampBit < 0) {
            return false;
        }
        return (bits & (1L << ampBit)) != 0 && (bits & (1L << zoneBits[zone])) != 0;
    }
}

package vn.communeradio.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.audio.PcmRing;

class StreamRingsTest {

    private final AtomicLong callbacks = new AtomicLong();
    private final StreamRings rings = new StreamRings(callbacks::get);

    @Test
    void aRingGivenBackGoesOutAgainEmptyOnceTheOutputHasCompletedACallback() {
        PcmRing first = rings.take(1000);
        first.write(new float[] {1, 2, 3}, 0, 3);
        rings.giveBack(first);
        // the callback that may still be reading it has not returned: another ring, not this one
        PcmRing second = rings.take(1000);
        assertNotSame(first, second);
        callbacks.incrementAndGet();
        PcmRing third = rings.take(1000);
        assertSame(first, third);
        assertEquals(0, third.available(), "emptied for the next session");
        assertEquals(2, rings.made());
    }

    @Test
    void oneFreeRingIsKeptAndOneOfAnotherSizeIsDropped() {
        PcmRing a = rings.take(1000);
        PcmRing b = rings.take(1000);
        rings.giveBack(a);
        rings.giveBack(b); // beyond what is kept: left to the garbage collector
        callbacks.incrementAndGet();
        assertSame(a, rings.take(1000));
        assertEquals(2, rings.made());
        rings.giveBack(a);
        callbacks.incrementAndGet();
        PcmRing larger = rings.take(3000); // the output's rate changed
        assertEquals(4096, larger.capacity());
        assertEquals(3, rings.made());
        assertNotSame(a, rings.take(1000), "the ring of the old size was dropped, not kept");
    }
}

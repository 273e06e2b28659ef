package vn.communeradio.gateway.playback;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.LongSupplier;
import vn.communeradio.gateway.audio.PcmRing;

/**
 * The station's stream rings (about 2 MB each), allocated once and handed from session to session instead of one
 * per session, whose churn made the garbage collector touch the whole heap within a few hundred sessions. A ring
 * comes back once its player's thread has ended and its sound was closed, which the relay sequence does only after
 * its voice left the mixer; it goes out again only once the output has completed a callback since it came back
 * (the callback that may have been reading it when its voice left has returned), so that nobody reads or writes it
 * when it is emptied for the next session. Until then, or when none is free, a new ring is made. One free ring is
 * kept: a station plays one session and opens at most the next while it fades.
 */
final class StreamRings {

    /** Free rings kept: enough for a session to open while another plays. */
    private static final int KEEP = 1;

    /** A ring given back, with the output's callbacks completed when it was. */
    private record Returned(PcmRing ring, long callbacks) {
    }

    private final LongSupplier callbacks;
    private final ArrayDeque<Returned> free = new ArrayDeque<>();
    private long made;

    /** @param callbacks the output's callbacks completed so far (the mixer's count: a volatile read) */
    StreamRings(LongSupplier callbacks) {
        this.callbacks = callbacks;
    }

    /**
     * An empty ring of {@link PcmRing#capacityFor} {@code capacitySamples}: a free one when the output has completed
     * a callback since it came back, else a new one. Free rings of another capacity (the output's rate changed)
     * are dropped. Control loop, before the session's player thread starts (which publishes the emptied ring).
     */
    synchronized PcmRing take(int capacitySamples) {
        int capacity = PcmRing.capacityFor(capacitySamples);
        long done = callbacks.getAsLong();
        for (Iterator<Returned> i = free.iterator(); i.hasNext(); ) {
            Returned r = i.next();
            if (r.ring().capacity() != capacity) {
                i.remove();
            } else if (done > r.callbacks()) {
                i.remove();
                r.ring().clear();
                return r.ring();
            }
        }
        made++;
        return new PcmRing(capacitySamples);
    }

    /** A ring nobody writes any more and whose voice has left the mixer; any thread. */
    synchronized void giveBack(PcmRing ring) {
        if (free.size() < KEEP) {
            free.add(new Returned(ring, callbacks.getAsLong()));
        }
    }

    /** Rings made so far (the ones reused are not counted again). */
    synchronized long made() {
        return made;
    }
}

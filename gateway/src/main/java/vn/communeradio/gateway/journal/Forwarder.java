package vn.communeradio.gateway.journal;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Store-and-forward of journal records: publishes them in seq order, a few in flight at a time, and forgets
 * one only when the broker has acknowledged it. After every (re)connect it starts again from the first record
 * not acknowledged, so a record whose PUBACK was lost is sent again under the same seq.
 */
final class Forwarder {

    /** Records in flight at once: enough to drain a backlog quickly, few enough never to crowd out acks. */
    static final int WINDOW = 8;

    private final Journal journal;
    private final BroadcastLog.Link link;
    private final Runnable positionChanged;
    private final Set<Long> inFlight = new HashSet<>();
    private long next;

    Forwarder(Journal journal, BroadcastLog.Link link, Runnable positionChanged) {
        this.journal = journal;
        this.link = link;
        this.positionChanged = positionChanged;
        this.next = journal.position() + 1;
    }

    /** The link (re)connected: whatever was in flight may be lost, so resend from the first unacknowledged. */
    synchronized void connected() {
        inFlight.clear();
        next = journal.position() + 1;
        pump();
    }

    /** Sends what the window allows; never blocks (the link queues). */
    synchronized void pump() {
        while (inFlight.size() < WINDOW && link.connected()) {
            Map.Entry<Long, String> record = journal.pendingFrom(next);
            if (record == null) {
                return;
            }
            long seq = record.getKey();
            inFlight.add(seq);
            next = seq + 1;
            link.publish(record.getValue().getBytes(StandardCharsets.UTF_8), () -> acknowledged(seq));
        }
    }

    /** On the MQTT client's thread: the broker has the record. */
    private synchronized void acknowledged(long seq) {
        inFlight.remove(seq);
        journal.acknowledged(seq);
        positionChanged.run();
        pump();
    }
}

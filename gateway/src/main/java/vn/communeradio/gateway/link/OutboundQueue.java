package vn.communeradio.gateway.link;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded queue of messages to publish. Offering never blocks (the control loop calls it): a newer state
 * replaces a queued one (only the latest state matters), and when full the oldest telemetry goes first, then
 * the oldest state, then the oldest ack; each drop is counted. Log records are never dropped here: the journal
 * keeps them on disk until the broker acknowledges them.
 */
final class OutboundQueue {

    private final int capacity;
    private final ArrayDeque<Outbound> items = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    synchronized void offer(Outbound message) {
        if (message.kind() == Outbound.Kind.STATE) {
            items.removeIf(m -> m.kind() == Outbound.Kind.STATE);
        }
        if (items.size() >= capacity && !dropOne()) {
            dropped.incrementAndGet();
            return;
        }
        items.addLast(message);
        notifyAll();
    }

    /** Puts a message that could not be sent back at the head, to keep order. */
    synchronized void requeue(Outbound message) {
        if (items.size() >= capacity && !dropOne()) {
            dropped.incrementAndGet();
            return;
        }
        items.addFirst(message);
    }

    private boolean dropOne() {
        for (Outbound.Kind kind : new Outbound.Kind[] {Outbound.Kind.TELEMETRY, Outbound.Kind.STATE, Outbound.Kind.ACK}) {
            Iterator<Outbound> it = items.iterator();
            while (it.hasNext()) {
                if (it.next().kind() == kind) {
                    it.remove();
                    dropped.incrementAndGet();
                    return true;
                }
            }
        }
        return false;
    }

    /** Waits up to {@code timeout} for a message. */
    synchronized Outbound take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (items.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return items.pollFirst();
    }

    synchronized int size() {
        return items.size();
    }

    long dropped() {
        return dropped.get();
    }
}

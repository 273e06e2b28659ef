package vn.communeradio.gateway.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    private static Outbound message(Outbound.Kind kind, String text) {
        return new Outbound(kind, "t", text.getBytes(), 1, false);
    }

    private static List<String> drain(OutboundQueue queue) throws InterruptedException {
        List<String> out = new ArrayList<>();
        Outbound m;
        while ((m = queue.take(0, TimeUnit.MILLISECONDS)) != null) {
            out.add(new String(m.payload()));
        }
        return out;
    }

    @Test
    void onlyTheLatestStateWaits() throws Exception {
        OutboundQueue queue = new OutboundQueue(10);
        queue.offer(message(Outbound.Kind.STATE, "s1"));
        queue.offer(message(Outbound.Kind.ACK, "a1"));
        queue.offer(message(Outbound.Kind.STATE, "s2"));
        assertEquals(List.of("a1", "s2"), drain(queue));
        assertEquals(0, queue.dropped());
    }

    @Test
    void whenFullTelemetryGoesFirstThenStatesThenAcksAndDropsAreCounted() throws Exception {
        OutboundQueue queue = new OutboundQueue(3);
        queue.offer(message(Outbound.Kind.TELEMETRY, "t1"));
        queue.offer(message(Outbound.Kind.ACK, "a1"));
        queue.offer(message(Outbound.Kind.STATE, "s1"));
        queue.offer(message(Outbound.Kind.ACK, "a2")); // drops t1
        queue.offer(message(Outbound.Kind.ACK, "a3")); // drops s1
        queue.offer(message(Outbound.Kind.ACK, "a4")); // drops a1
        assertEquals(3, queue.dropped());
        assertEquals(List.of("a2", "a3", "a4"), drain(queue));
    }

    @Test
    void logRecordsAreNeverDroppedForOthers() throws Exception {
        OutboundQueue queue = new OutboundQueue(2);
        queue.offer(message(Outbound.Kind.LOG, "l1"));
        queue.offer(message(Outbound.Kind.LOG, "l2"));
        queue.offer(message(Outbound.Kind.TELEMETRY, "t1"));
        assertEquals(1, queue.dropped());
        assertEquals(List.of("l1", "l2"), drain(queue));
    }

    @Test
    void requeuedMessageGoesBackToTheHead() throws Exception {
        OutboundQueue queue = new OutboundQueue(5);
        queue.offer(message(Outbound.Kind.ACK, "a2"));
        queue.requeue(message(Outbound.Kind.ACK, "a1"));
        assertEquals(List.of("a1", "a2"), drain(queue));
    }
}

package vn.communeradio.tests.bench;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Random;

/**
 * Live objects held for a whole bench run, so that a full collection has a station's work to do: the service's
 * old generation holds 6-9 MB live after 1,000 sessions (docs/packaging.md), a bench pipeline's own live set is
 * a fraction of that. Small objects that point to each other (strings, map entries, messages), not a few big
 * arrays: a mark-compact collection's cost is in the objects it visits and moves, not in their bytes.
 */
final class RetainedHeap {

    /** Lists of this many nodes hang from the root array: short chains, as a map's buckets and a journal's are. */
    private static final int CHAIN = 1_000;
    private static final int MIN_PAYLOAD = 8;
    private static final int MAX_PAYLOAD = 96;

    private final Node[] chains;
    private final long bytes;

    private RetainedHeap(Node[] chains, long bytes) {
        this.chains = chains;
        this.bytes = bytes;
    }

    /** About {@code megabytes} MB of linked small objects, measured as the heap's growth after a collection. */
    static RetainedHeap of(int megabytes) {
        if (megabytes <= 0) {
            return new RetainedHeap(new Node[0], 0); // no collection at start: a run without it stays as it was
        }
        long before = usedAfterCollection();
        Random random = new Random(megabytes); // the same graph every run
        long target = megabytes * 1024L * 1024L;
        // a node (16-byte header, a reference, 4-byte padding) and its array (16-byte header plus its bytes)
        long perNode = 24 + 16 + (MIN_PAYLOAD + MAX_PAYLOAD) / 2;
        int nodes = (int) (target / perNode);
        Node[] chains = new Node[(nodes + CHAIN - 1) / CHAIN];
        for (int i = 0; i < nodes; i++) {
            int chain = i / CHAIN;
            chains[chain] = new Node(chains[chain], new byte[MIN_PAYLOAD + random.nextInt(MAX_PAYLOAD - MIN_PAYLOAD)]);
        }
        long after = usedAfterCollection();
        Reference.reachabilityFence(chains); // measured while still live
        return new RetainedHeap(chains, after - before);
    }

    /** What the objects take in the heap, measured. */
    long bytes() {
        return bytes;
    }

    /** Objects in the graph (nodes and their arrays). */
    long objects() {
        long n = 0;
        for (Node head : chains) {
            for (Node node = head; node != null; node = node.next) {
                n += 2;
            }
        }
        return n;
    }

    private static long usedAfterCollection() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private record Node(Node next, byte[] payload) {
    }
}

package vn.communeradio.gateway.playback;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the stream pipeline since the service started, for status and telemetry. */
public final class StreamStats {

    final AtomicLong connects = new AtomicLong();
    final AtomicLong drops = new AtomicLong();
    final AtomicLong failovers = new AtomicLong();
    final AtomicLong decodeErrors = new AtomicLong();
    final AtomicLong underruns = new AtomicLong();
    final AtomicLong resyncs = new AtomicLong();
    /** The jitter buffer target streams start with now: the configured one, grown by streams that ran dry. */
    final AtomicLong bufferTargetMs = new AtomicLong();

    /** A snapshot for reports. */
    public record Snapshot(long connects, long drops, long failovers, long decodeErrors, long underruns,
                           long resyncs, long bufferTargetMs) {
    }

    public Snapshot snapshot() {
        return new Snapshot(connects.get(), drops.get(), failovers.get(), decodeErrors.get(), underruns.get(),
                resyncs.get(), bufferTargetMs.get());
    }
}

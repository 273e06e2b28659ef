package vn.communeradio.gateway.playback;

import java.time.Duration;
import vn.communeradio.gateway.source.SourceSettings;

/**
 * How streams are fetched and buffered.
 *
 * @param bufferTarget  jitter buffer: playback starts, and a live stream is held, this far behind the network
 * @param bufferMax     after a stream ran dry, the target of it and of later streams grows, up to this
 * @param retryWindow   a session with no audio for this long, however many reconnects, ends {@code failed}
 * @param reprobe       while a fallback URL plays, the primary is tried again this often
 * @param firstAudio    a source with no decodable audio this long after connecting is a {@code decode_error}
 * @param reconnectMax  longest wait between reconnect rounds (exponential backoff with jitter up to this)
 */
public record StreamSettings(Duration bufferTarget, Duration bufferMax, Duration retryWindow, Duration reprobe,
                             Duration firstAudio, Duration reconnectMax, SourceSettings source) {

    /** PROTOCOL.md: no decodable audio within 5 s of connecting is a {@code decode_error}. */
    public static final Duration FIRST_AUDIO = Duration.ofSeconds(5);

    public StreamSettings {
        if (bufferMax.compareTo(bufferTarget) < 0) {
            bufferMax = bufferTarget; // a maximum below the target: a fixed target
        }
    }

    /** How much a stream's target grows each time it runs dry: half the configured target. */
    public Duration bufferStep() {
        return bufferTarget.dividedBy(2);
    }
}

package vn.communeradio.gateway.playback;

import vn.communeradio.gateway.audio.Voice;

/** A session's audio while it plays: the voice the mixer reads, released when the session stops playing. */
public interface Sound extends AutoCloseable {

    Voice voice();

    /** Where the audio comes from now (the URL after redirects and failover), for status. */
    String location();

    /** The stream's current title (ICY StreamTitle), or null. */
    default String title() {
        return null;
    }

    /**
     * How far into its source the audio has played, in milliseconds of the source, for a later resume; 0 for
     * what has no position to return to (a tone, a live stream, which rejoins live).
     */
    default long positionMillis() {
        return 0;
    }

    /** How the sound is doing, for the status line: buffer, drift, underruns; empty for a tone. */
    default String health() {
        return "";
    }

    /**
     * Stops fetching and decoding; any thread, idempotent, never blocks for long. Called once the voice has left the
     * mixer (the relay sequence clears or replaces it first): what the voice read may then go to another session.
     */
    @Override
    void close();
}

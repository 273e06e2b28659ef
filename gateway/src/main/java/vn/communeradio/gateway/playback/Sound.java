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

    /**
     * Milliseconds of programme audio this sound has sent to the output so far: what its voice counted on the
     * audio callback, read here from any thread. Silence a stream fills in while it buffers is not audio.
     */
    long audioMillis();

    /** Gaps in its audio so far (a stream that ran dry, heard as silence); any thread. */
    default long drops() {
        return 0;
    }

    /**
     * Why it has sent no audio yet (the source's last problem, or what it is still waiting for), for a session that
     * ends without any; null when it has nothing to say (a tone is ready at once). Any thread.
     */
    default Silence silence() {
        return null;
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

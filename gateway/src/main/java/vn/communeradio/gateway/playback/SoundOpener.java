package vn.communeradio.gateway.playback;

/**
 * Opens what a session plays, whatever it is (a tone, a stream or file through a {@link SourcePlayer}; in time a
 * live input): the station's {@link Sounds}, or a test's own sounds. Control loop only.
 */
@FunctionalInterface
public interface SoundOpener {

    /**
     * Starts the sound at once, so that a buffer fills while the amplifier warms up; a source with an end starts
     * {@code fromMillis} into its audio (a resume), a live one live. Its news comes through {@code events}.
     */
    Sound open(String sessionId, SoundRequest request, SoundEvents events, long fromMillis);
}

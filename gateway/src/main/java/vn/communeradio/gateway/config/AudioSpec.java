package vn.communeradio.gateway.config;

import java.nio.file.Path;

/** The configured audio output ({@code hal.audio}). */
public sealed interface AudioSpec {

    /** Real-time paced, discarded. */
    record Null() implements AudioSpec {
    }

    /** Written to a WAV file, paced in real time. */
    record Wav(Path path) implements AudioSpec {
    }

    /** A JACK server. */
    record Jack() implements AudioSpec {
    }

    /** Java Sound (plain ALSA). */
    record JavaSound() implements AudioSpec {
    }
}

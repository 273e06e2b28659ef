package vn.communeradio.tests.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.audio.Voice;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.command.SourceUrls;
import vn.communeradio.gateway.playback.Sound;
import vn.communeradio.gateway.playback.SoundEvents;
import vn.communeradio.gateway.playback.SoundRequest;
import vn.communeradio.gateway.playback.Sounds;
import vn.communeradio.gateway.playback.StreamSettings;
import vn.communeradio.gateway.playback.StreamVoice;
import vn.communeradio.gateway.source.FileCache;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.audio.AudioOutputException;
import vn.communeradio.hal.audio.AudioRenderer;
import vn.communeradio.hal.audio.Capture;

/**
 * The station's audio path without the control loop: {@link Sounds} → {@link Mixer} → an HAL output, wired as
 * the station wires them, playing one stream or the line input ({@code input:line}) at full gain. Notes the id of
 * the output's callback thread (by a wrapper that adds one field write to each callback) so that its allocation can
 * be measured alone.
 */
public final class Pipeline implements AutoCloseable {

    private final AudioOutput output;
    private final Mixer mixer;
    private final Sounds sounds;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile long callbackThread = -1;
    private Sound sound;

    /** Starts {@code output} rendering the mixer (silence until {@link #play}), with a fixed jitter buffer. */
    public Pipeline(AudioOutput output, Duration buffer, Path cacheDir) throws AudioOutputException, IOException {
        this(output, settings(buffer), cacheDir);
    }

    /** Starts {@code output} rendering the mixer (silence until {@link #play}). */
    public Pipeline(AudioOutput output, StreamSettings settings, Path cacheDir)
            throws AudioOutputException, IOException {
        this.output = output;
        this.mixer = new Mixer(2, 48_000);
        output.start(new AudioRenderer() {
            @Override
            public void render(float[] out, int frames) {
                callbackThread = Thread.currentThread().getId();
                mixer.render(out, frames);
            }

            /** What every output calls: the period's capture goes on to the mixer (the line input plays it). */
            @Override
            public void render(float[] out, int frames, Capture input) {
                callbackThread = Thread.currentThread().getId();
                mixer.render(out, frames, input);
            }
        });
        if (output.format().sampleRate() != 48_000) {
            throw new IllegalStateException("the mixer was built for 48 kHz, the output runs at "
                    + output.format().sampleRate());
        }
        this.sounds = new Sounds(settings, () -> output.format().sampleRate(), 2,
                new FileCache(cacheDir, 64L << 20), NativeDecoders.load(), mixer.timer()::count);
    }

    /** The station's defaults (PROTOCOL.md, ConfigKeys) with this jitter buffer, kept fixed. */
    public static StreamSettings settings(Duration buffer) {
        return settings(buffer, buffer);
    }

    /** The station's defaults with this jitter buffer, growing after underruns up to {@code max}. */
    public static StreamSettings settings(Duration buffer, Duration max) {
        return new StreamSettings(buffer, max, Duration.ofSeconds(120), Duration.ofSeconds(30), StreamSettings.FIRST_AUDIO,
                Duration.ofSeconds(30), SourceSettings.defaults());
    }

    /** Opens {@code uri} as a session would and plays it at full gain, in place of the stream before. */
    public StreamVoice play(URI uri) {
        return (StreamVoice) open(uri.toString());
    }

    /** Opens the line input ({@code input:line}) as a session would and plays it at full gain. */
    public Voice playLine() {
        return open(SourceUrls.LINE_INPUT);
    }

    private Voice open(String source) {
        Sound before = sound;
        sound = sounds.open("pipeline", SoundRequest.of(source), new SoundEvents() {
            @Override
            public void ended() {
                events.add("ended");
            }

            @Override
            public void failed(RejectCode code, String reason) {
                events.add("failed " + code + ": " + reason);
            }
        }, 0);
        Voice voice = sound.voice();
        mixer.play(voice, 1f);
        if (before != null) {
            before.close(); // once its voice has left the mixer, as the station does (Sound#close)
        }
        return voice;
    }

    public Mixer mixer() {
        return mixer;
    }

    public AudioOutput output() {
        return output;
    }

    public Sounds sounds() {
        return sounds;
    }

    /** What the sound told its session (ended, failed ...): a live stream under test should say nothing. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The output's callback thread, or -1 before the first callback. */
    public long callbackThread() {
        return callbackThread;
    }

    @Override
    public void close() {
        if (sound != null) {
            sound.close();
        }
        output.close();
    }

    /**
     * Waits for {@code condition}, checking every 10 ms; fails after {@code timeout} with {@code what} and the
     * state {@code context} describes.
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<Object> context)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what + "; " + context.get());
            }
            Thread.sleep(10); // poll interval: the loop re-checks the condition
        }
    }
}

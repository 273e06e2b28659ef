package vn.communeradio.gateway.playback;

import java.net.URI;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import vn.communeradio.gateway.audio.BurstVoice;
import vn.communeradio.gateway.audio.LineVoice;
import vn.communeradio.gateway.audio.ToneVoice;
import vn.communeradio.gateway.command.SourceUrls;
import vn.communeradio.gateway.audio.Voice;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.gateway.source.FileCache;

/**
 * Opens the sound of a session: a test tone or the line input at once, anything else through a {@link SourcePlayer} on its own
 * thread, so that a slow network never holds up the control loop.
 */
public final class Sounds implements SoundOpener {

    private final StreamSettings settings;
    private final IntSupplier sampleRate;
    private final int channels;
    private final FileCache cache;
    private final Decoders decoders;
    private final StreamStats stats = new StreamStats();
    private final StreamRings rings;

    /** @param callbacks the output's callbacks completed so far (the mixer's count), for handing rings on */
    public Sounds(StreamSettings settings, IntSupplier sampleRate, int channels, FileCache cache, Decoders decoders,
                  LongSupplier callbacks) {
        this.settings = settings;
        this.rings = new StreamRings(callbacks);
        this.decoders = decoders;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.cache = cache;
        stats.bufferTargetMs.set(settings.bufferTarget().toMillis());
    }

    /** The media cache of {@code mode: file}, which the schedule fills ahead of time. */
    public FileCache cache() {
        return cache;
    }

    public StreamStats stats() {
        return stats;
    }

    /** Stream rings made so far: one per session only when sessions overlap, else they are handed on. */
    public long ringsMade() {
        return rings.made();
    }

    /** A tone, the test signal or the line input at once; anything else fetched and decoded on a player thread. */
    @Override
    public Sound open(String sessionId, SoundRequest request, SoundEvents events, long fromMillis) {
        int rate = sampleRate.getAsInt();
        if (request.primary().equals(SourceUrls.LINE_INPUT)) {
            // live, in the callback: nothing to fetch or start; its audio_s is its time on air
            return new Tone(new LineVoice(), request.primary(), rate);
        }
        if (request.primary().equals(SourceUrls.TEST_SIGNAL)) {
            return new Tone(new BurstVoice(rate), request.primary(), rate);
        }
        if (request.primary().startsWith("tone:")) {
            return new Tone(new ToneVoice(Double.parseDouble(request.primary().substring(5)), rate),
                    request.primary(), rate);
        }
        List<URI> uris = request.sources().stream().map(URI::create).toList();
        SourcePlayer player = new SourcePlayer(sessionId, uris, request.cacheFirst(), request.sha256(), settings,
                rate, channels, cache, decoders, events, stats, rings, fromMillis);
        player.start();
        return new Stream(player);
    }

    private record Tone(Voice voice, String location, int rate) implements Sound {
        @Override
        public long audioMillis() {
            return voice.programmeFrames() * 1000 / rate;
        }

        @Override
        public void close() {
        }
    }

    private record Stream(SourcePlayer player) implements Sound {
        @Override
        public Voice voice() {
            return player.voice();
        }

        @Override
        public String location() {
            String location = player.location();
            return location == null ? "connecting" : location;
        }

        @Override
        public String title() {
            return player.title();
        }

        @Override
        public long positionMillis() {
            return player.positionMillis();
        }

        @Override
        public String health() {
            return player.health();
        }

        @Override
        public long audioMillis() {
            return player.audioMillis();
        }

        @Override
        public long drops() {
            return player.drops();
        }

        @Override
        public Silence silence() {
            return player.silence();
        }

        @Override
        public void close() {
            player.close();
        }
    }
}

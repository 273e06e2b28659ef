package vn.communeradio.gateway.playback;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.tinylog.Logger;
import vn.communeradio.gateway.audio.PcmRing;
import vn.communeradio.gateway.audio.Resampler;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.decode.DecodeException;
import vn.communeradio.gateway.decode.Decoder;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.gateway.retry.Backoff;
import vn.communeradio.gateway.source.FileCache;
import vn.communeradio.gateway.source.HttpSource;
import vn.communeradio.gateway.source.SourceStream;
import vn.communeradio.gateway.source.Sources;

/**
 * Plays one session's source into a {@link StreamVoice} on its own thread: connect, decode, resample, write the
 * ring. A drop reconnects (primary first, then the fallbacks, with backoff and jitter between full rounds) until
 * the retry window passes with no audio; while a fallback plays the primary is re-probed and taken back when it
 * answers with audio. A whole response ends the session {@code finished}; garbage ends it {@code decode_error}.
 */
final class SourcePlayer implements AutoCloseable {

    /** What one connection came to. */
    private enum ConnectionEnd { ENDED, DROPPED, UNPLAYABLE, SWITCH_TO_PRIMARY, CLOSED }

    private final List<URI> sources;
    private final boolean cacheFirst;
    private final String sha256;
    private final StreamSettings settings;
    private final int rate;
    private final int channels;
    private final FileCache cache;
    private final Decoders decoders;
    private final SoundEvents listener;
    private final StreamStats stats;
    private final PcmRing ring;
    private final StreamRings rings;
    /** The ring goes back when both have let go of it: the thread at its end, and {@link #close}. */
    private final AtomicInteger ringHolders = new AtomicInteger(2);
    private final String name;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StreamVoice voice;
    private volatile SourceStream open;
    private volatile String location;
    private volatile String lastProblem = "no connection attempted yet";
    /** The code a session ends with for {@link #lastProblem}; null while there has been no problem. */
    private volatile RejectCode problemCode;
    /** What the player is doing now and since when, for a session that ends before any audio came. */
    private volatile String activity = "starting";
    private volatile long activitySinceNanos = System.nanoTime();

    private final float[] decoded = new float[Decoder.MAX_FRAMES * 2];
    private float[] resampled = new float[0];
    private float[] mapped = new float[0];
    private Resampler resampler;
    private int resamplerChannels;
    private int resamplerRate;
    private DriftControl drift;
    /** The voice's target as this (decoder) thread last saw it, frames. */
    private int target;
    private long lastDriftNanos;
    private long jumpsSeen;
    private long lastAudioNanos;
    private boolean audioThisConnection;
    private volatile Probe probe;
    /** Where in its audio the source starts (a resume); the first connection skips there, later ones do not. */
    private final long fromMillis;
    private long skipMillis;

    /**
     * @param cacheFirst {@code mode: file}: http(s) sources are fetched whole into the cache first, then played
     *                   from disk
     */
    SourcePlayer(String name, List<URI> sources, boolean cacheFirst, String sha256, StreamSettings settings,
                        int rate, int channels, FileCache cache, Decoders decoders, SoundEvents listener,
                        StreamStats stats, StreamRings rings, long fromMillis) {
        this.decoders = decoders;
        this.fromMillis = fromMillis;
        this.skipMillis = fromMillis;
        this.name = name;
        this.sources = List.copyOf(sources);
        this.cacheFirst = cacheFirst;
        this.sha256 = sha256;
        this.settings = settings;
        this.rate = rate;
        this.channels = channels;
        this.cache = cache;
        this.listener = listener;
        this.stats = stats;
        int max = frames(settings.bufferMax().toMillis());
        // the target this station's streams start with now: the configured one, or grown by streams that ran dry
        this.target = Math.min(max, frames(stats.bufferTargetMs.get()));
        // room for the largest target, as much again for network jitter, and half a second of read-ahead
        this.rings = rings;
        this.ring = rings.take((2 * max + rate / 2) * channels);
        this.voice = new StreamVoice(ring, channels, rate, target, max, frames(settings.bufferStep().toMillis()),
                stats.underruns);
        this.thread = new Thread(this::run, "source-" + name);
        thread.setDaemon(true);
    }

    private int frames(long millis) {
        return (int) Math.max(rate / 20, millis * rate / 1000);
    }

    /** The voice the mixer plays. */
    public StreamVoice voice() {
        return voice;
    }

    public void start() {
        thread.start();
    }

    /** Where the audio comes from now, for status; null before the first connection. */
    public String location() {
        return location;
    }

    /**
     * Milliseconds of the source played so far, counted from its beginning (output frames are source time for a
     * source with an end: no drift correction there); 0 for a live stream, which has no position to return to.
     */
    long positionMillis() {
        return voice.isLive() ? 0 : fromMillis + voice.playedFrames() * 1000 / rate;
    }

    /**
     * Buffer against target, drift correction and underruns, in a few words; any thread: it reads only what the
     * voice publishes (the drift controller's own figures belong to this player's thread).
     */
    String health() {
        return String.format(java.util.Locale.ROOT, "buffer %d/%d ms, drift %+.3f%%, %d underruns, %d resyncs",
                voice.bufferedFrames() * 1000L / rate, voice.targetFrames() * 1000L / rate,
                (voice.driftFactor() - 1) * 100, voice.underruns(), voice.resyncs());
    }

    /** Programme audio its voice has sent to the output so far; any thread. */
    long audioMillis() {
        return voice.programmeFrames() * 1000 / rate;
    }

    /** Gaps in that audio: times the voice ran dry after it had begun; any thread. */
    long drops() {
        return voice.gaps();
    }

    /**
     * Why no audio has come: the last problem (its code: {@code decode_error} when the source answered with
     * something that is not audio, else {@code source_unreachable}) and what the player is doing now; any thread.
     */
    Silence silence() {
        String now = activity + " for " + (System.nanoTime() - activitySinceNanos) / 1_000_000_000L + " s";
        RejectCode code = problemCode;
        return code == null ? new Silence(RejectCode.SOURCE_UNREACHABLE, "no problem reported yet; " + now)
                : new Silence(code, lastProblem + "; then " + now);
    }

    /** The title the stream announces now (ICY metadata), or null. */
    String title() {
        SourceStream stream = open;
        return stream == null ? null : stream.title();
    }

    /** Stops the thread and the connection; any thread, idempotent, returns promptly. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        thread.interrupt();
        closeQuietly(open);
        Probe p = probe;
        if (p != null) {
            p.cancel();
        }
        letGoOfRing();
    }

    private void letGoOfRing() {
        if (ringHolders.decrementAndGet() == 0) {
            rings.giveBack(ring);
        }
    }

    boolean closed() {
        return closed.get();
    }

    private void run() {
        try {
            List<URI> playable = sources;
            if (cacheFirst && isHttp(sources.get(0))) {
                Path file = fetchIntoCache();
                if (file == null) {
                    return;
                }
                playable = List.of(file.toUri());
            }
            play(playable);
        } catch (RuntimeException | Error e) {
            // a bug must end this session, not the service; the control loop hears about it
            Logger.error(e, "source {}: player failed", name);
            if (!closed.get()) {
                listener.failed(RejectCode.INTERNAL, "internal error in the player: " + e);
            }
        } finally {
            closeQuietly(open);
            letGoOfRing();
        }
    }

    private Path fetchIntoCache() {
        if (fromMillis > 0) {
            // a resume plays what the cache holds without asking the server: a new version would not go on where
            // the interrupted one was cut
            for (URI uri : sources) {
                Optional<Path> kept = cache.cached(uri, sha256);
                if (kept.isPresent()) {
                    location = uri.toString();
                    return kept.get();
                }
            }
        }
        Backoff backoff = backoff();
        long since = System.nanoTime();
        while (!closed.get()) {
            for (URI uri : sources) {
                try {
                    location = uri.toString();
                    doing("downloading " + HttpSource.redacted(uri) + " into the media cache");
                    return cache.fetch(uri, sha256, settings.source()); // a cached file is returned at once
                } catch (FileCache.Unusable e) {
                    listener.failed(RejectCode.SOURCE_UNREACHABLE, e.getMessage());
                    return null;
                } catch (IOException e) {
                    problem(RejectCode.SOURCE_UNREACHABLE, e.getMessage());
                    Logger.warn("source {}: {}", name, lastProblem);
                }
                if (closed.get()) {
                    return null;
                }
            }
            if (Duration.ofNanos(System.nanoTime() - since).compareTo(settings.retryWindow()) >= 0) {
                listener.failed(RejectCode.SOURCE_UNREACHABLE, lastProblem);
                return null;
            }
            doing("waiting to try again");
            if (!pause(backoff.next())) {
                return null;
            }
        }
        return null;
    }

    private void play(List<URI> playable) {
        Backoff backoff = backoff();
        lastAudioNanos = System.nanoTime();
        int index = 0;
        boolean everPlayed = false;
        while (!closed.get()) {
            int decodeErrors = 0;
            boolean audioThisRound = false;
            for (int i = index; i < playable.size() && !closed.get(); i++) {
                URI uri = playable.get(i);
                ConnectionEnd outcome = connect(uri, i);
                everPlayed |= audioThisConnection;
                audioThisRound |= audioThisConnection;
                switch (outcome) {
                    case CLOSED:
                        return;
                    case ENDED:
                        voice.endOfStream();
                        awaitDrained();
                        if (!closed.get()) {
                            listener.ended();
                        }
                        return;
                    case SWITCH_TO_PRIMARY:
                        stats.failovers.incrementAndGet();
                        Logger.info("source {}: primary {} is back; switching to it", name, playable.get(0));
                        i = -1; // the loop's i++ makes it 0
                        continue;
                    case UNPLAYABLE:
                        decodeErrors++;
                        break;
                    default:
                        break;
                }
                if (i + 1 < playable.size()) {
                    stats.failovers.incrementAndGet();
                    Logger.info("source {}: trying {} after: {}", name, playable.get(i + 1), lastProblem);
                }
            }
            index = 0;
            if (!everPlayed && decodeErrors == playable.size()) {
                listener.failed(RejectCode.DECODE_ERROR, lastProblem);
                return;
            }
            if (audioThisRound) {
                backoff.reset();
                continue; // a drop after audio: reconnect at once
            }
            if (Duration.ofNanos(System.nanoTime() - lastAudioNanos).compareTo(settings.retryWindow()) >= 0) {
                listener.failed(everPlayed || decodeErrors == 0 ? RejectCode.SOURCE_UNREACHABLE
                        : RejectCode.DECODE_ERROR, "no audio for " + settings.retryWindow().toSeconds()
                        + " s; last problem: " + lastProblem);
                return;
            }
            doing("waiting to reconnect");
            if (!pause(backoff.next())) {
                return;
            }
        }
    }

    /** One connection to one URL, played until it ends, drops, turns out unplayable, or the primary returns. */
    private ConnectionEnd connect(URI uri, int index) {
        audioThisConnection = false;
        if (closed.get()) {
            return ConnectionEnd.CLOSED;
        }
        stats.connects.incrementAndGet();
        doing("connecting to " + HttpSource.redacted(uri));
        try (SourceStream stream = Sources.open(uri, settings.source())) {
            open = stream;
            if (closed.get()) {
                return ConnectionEnd.CLOSED;
            }
            location = stream.location();
            doing("receiving from " + location);
            FirstAudioDeadline body = new FirstAudioDeadline(stream.body(), settings.firstAudio());
            try (Decoder decoder = decoders.open(body, stream.contentType())) {
                Logger.info("source {}: playing {} ({}{})", name, location, decoder.format(),
                        stream.live() ? ", live" : "");
                long nextProbe = System.nanoTime() + settings.reprobe().toNanos();
                long resyncs = 0;
                voice.live(stream.live());
                if (drift != null) {
                    drift.restart(); // a new connection moves the level; that is the network, not a clock
                }
                long skipFrames = stream.live() ? 0 : skipMillis * decoder.sampleRate() / 1000;
                if (skipFrames > 0) {
                    Logger.info("source {}: resuming {} s into {}", name, skipMillis / 1000.0, location);
                }
                skipMillis = 0;
                while (!closed.get()) {
                    int frames = decoder.read(decoded);
                    if (frames < 0) {
                        return ConnectionEnd.ENDED;
                    }
                    if (frames == 0) {
                        continue;
                    }
                    if (skipFrames > 0) {
                        // decoded and dropped up to the resume point: exact for every format, ~250 x real time
                        body.disarm();
                        int dropped = (int) Math.min(frames, skipFrames);
                        skipFrames -= dropped;
                        frames -= dropped;
                        if (frames == 0) {
                            continue;
                        }
                        System.arraycopy(decoded, dropped * decoder.channels(), decoded, 0,
                                frames * decoder.channels());
                    }
                    body.disarm();
                    if (!audioThisConnection) {
                        voice.delivering(true);
                    }
                    audioThisConnection = true;
                    lastAudioNanos = System.nanoTime();
                    if (!write(frames, decoder.sampleRate(), decoder.channels(), stream.live())) {
                        return ConnectionEnd.CLOSED;
                    }
                    stats.resyncs.addAndGet(decoder.resyncs() - resyncs);
                    resyncs = decoder.resyncs();
                    if (index > 0 && System.nanoTime() - nextProbe >= 0) {
                        nextProbe = System.nanoTime() + settings.reprobe().toNanos();
                        if (primaryAnswers()) {
                            return ConnectionEnd.SWITCH_TO_PRIMARY;
                        }
                    }
                }
                return ConnectionEnd.CLOSED;
            }
        } catch (DecodeException e) {
            problem(RejectCode.DECODE_ERROR, HttpSource.redacted(uri) + ": " + e.getMessage());
            if (closed.get()) {
                return ConnectionEnd.CLOSED;
            }
            Logger.warn("source {}: {}", name, lastProblem);
            if (audioThisConnection) {
                stats.drops.incrementAndGet();
                return ConnectionEnd.DROPPED; // garbage after good audio: a broken stream, reconnect
            }
            stats.decodeErrors.incrementAndGet();
            return ConnectionEnd.UNPLAYABLE;
        } catch (IOException e) {
            if (closed.get()) {
                return ConnectionEnd.CLOSED;
            }
            problem(RejectCode.SOURCE_UNREACHABLE, e.getMessage() == null ? HttpSource.redacted(uri) + ": " + e
                    : e.getMessage());
            Logger.warn("source {}: {}", name, lastProblem);
            if (audioThisConnection) {
                stats.drops.incrementAndGet();
            }
            return ConnectionEnd.DROPPED;
        } finally {
            open = null;
            voice.delivering(false);
        }
    }

    /** Resamples, maps channels and queues one decoded block; waits for room (the callback drains in real time). */
    private boolean write(int frames, int sourceRate, int sourceChannels, boolean live) {
        if (resampler == null || sourceChannels != resamplerChannels) {
            resampler = new Resampler(sourceChannels);
            resamplerChannels = sourceChannels;
            resamplerRate = 0;
        }
        if (sourceRate != resamplerRate) {
            resampler.configure(sourceRate, rate);
            resamplerRate = sourceRate;
            int capacity = resampler.maxOutputFrames(Decoder.MAX_FRAMES);
            if (resampled.length < capacity * sourceChannels) {
                resampled = new float[capacity * sourceChannels];
                mapped = new float[capacity * channels];
            }
        }
        if (voice.targetFrames() != target) {
            targetRaised(voice.targetFrames());
        }
        if (live) {
            steerDrift();
        }
        int out = resampler.process(decoded, frames, resampled);
        float[] samples = ChannelMap.map(resampled, out, sourceChannels, mapped, channels);
        int total = out * channels;
        int written = 0;
        while (written < total) {
            written += ring.write(samples, written, total - written);
            if (written < total) {
                if (closed.get()) {
                    return false;
                }
                LockSupport.parkNanos(2_000_000);
            }
        }
        return true;
    }

    private void steerDrift() {
        StreamVoice v = voice;
        if (drift == null) {
            drift = new DriftControl((double) target / rate);
        }
        long now = System.nanoTime();
        if (v.resyncs() != jumpsSeen) {
            jumpsSeen = v.resyncs();
            drift.restart(); // the callback jumped back to the target: a new operating point to learn
        }
        if (!v.playing()) {
            drift.restart();
            lastDriftNanos = now;
            return;
        }
        double dt = lastDriftNanos == 0 ? 0 : (now - lastDriftNanos) / 1e9;
        lastDriftNanos = now;
        double factor = drift.update((double) v.bufferedFrames() / rate, dt);
        resampler.setDrift(factor);
        v.driftFactor(factor);
    }

    /** The voice ran dry and deepened its buffer: later streams start with it, the drift control holds it. */
    private void targetRaised(int frames) {
        target = frames;
        long millis = frames * 1000L / rate;
        stats.bufferTargetMs.accumulateAndGet(millis, Math::max);
        if (drift != null) {
            drift.retarget((double) frames / rate);
        }
        Logger.info("stream {}: ran dry; jitter buffer now {} ms for this and later streams (stream.buffer_max_ms {})",
                name, millis, settings.bufferMax().toMillis());
    }

    private boolean primaryAnswers() {
        Probe p = probe;
        if (p == null) {
            probe = new Probe(sources.get(0));
            return false;
        }
        if (!p.done()) {
            return false;
        }
        probe = null;
        return p.answered();
    }

    private void awaitDrained() {
        while (!closed.get() && !voice.drained()) {
            LockSupport.parkNanos(10_000_000);
        }
    }

    private void problem(RejectCode code, String text) {
        lastProblem = text;
        problemCode = code;
    }

    private void doing(String what) {
        activity = what;
        activitySinceNanos = System.nanoTime();
    }

    private boolean pause(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        while (!closed.get()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(left);
        }
        return false;
    }

    private Backoff backoff() {
        return new Backoff(Duration.ofSeconds(1), settings.reconnectMax(), ThreadLocalRandom.current());
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme();
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    private static void closeQuietly(SourceStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException | RuntimeException ignored) {
                // closing a connection that already failed
            }
        }
    }

    /**
     * A short-lived check, on its own thread, that the primary answers with decodable audio again, so that the
     * fallback keeps playing meanwhile.
     */
    private final class Probe {
        private final Thread worker;
        private volatile boolean done;
        private volatile boolean answered;
        private volatile SourceStream stream;

        Probe(URI uri) {
            worker = new Thread(() -> {
                try (SourceStream s = Sources.open(uri, settings.source())) {
                    stream = s;
                    FirstAudioDeadline body = new FirstAudioDeadline(s.body(), settings.firstAudio());
                    try (Decoder decoder = decoders.open(body, s.contentType())) {
                        float[] pcm = new float[Decoder.MAX_FRAMES * 2];
                        int frames;
                        do {
                            frames = decoder.read(pcm);
                        } while (frames == 0);
                        answered = frames > 0;
                    }
                } catch (IOException e) {
                    Logger.debug("source {}: primary still unavailable: {}", name, e.getMessage());
                } finally {
                    done = true;
                }
            }, "probe-" + name);
            worker.setDaemon(true);
            worker.start();
        }

        boolean done() {
            return done;
        }

        boolean answered() {
            return answered;
        }

        void cancel() {
            closeQuietly(stream);
        }
    }

    /** Until disarmed by the first decoded audio, fails reads past a deadline: a trickle of garbage cannot hang. */
    private static final class FirstAudioDeadline extends InputStream {
        private final InputStream in;
        private final long deadline;
        private final Duration limit;
        private volatile boolean armed = true;

        FirstAudioDeadline(InputStream in, Duration limit) {
            this.in = in;
            this.limit = limit;
            this.deadline = System.nanoTime() + limit.toNanos();
        }

        void disarm() {
            armed = false;
        }

        private void check() throws DecodeException {
            if (armed && System.nanoTime() - deadline > 0) {
                throw new DecodeException("no decodable audio within " + limit.toSeconds() + " s of connecting");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

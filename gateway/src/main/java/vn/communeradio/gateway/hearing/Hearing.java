package vn.communeradio.gateway.hearing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.audio.SenseTap;

/**
 * Proof of broadcast, off the real-time thread: the {@code hearing} thread drains the audio callback's
 * {@link SenseTap} every {@value #DRAIN_MS} ms and feeds what was sent and heard to the {@link ProgrammeMatch} of
 * the session on air, if any; between sessions it discards them. The control loop says when a session goes on air
 * ({@link #listen}, {@link #resume}), leaves it ({@link #pause}) and ends ({@link #conclude}).
 *
 * <p>The loop's calls and the thread's draining share one lock, held for at most one chunk of
 * {@value #CHUNK_FRAMES} frames (plus, every 2 s of a session, one coherence step), so the loop never waits long;
 * {@link #conclude} drains what is left itself, so a result covers everything sent until the session's fade ended.
 *
 * <p>A session during which the sense input was connected to nothing ({@link SensePort}), at any of the thread's
 * looks (every {@value #DRAIN_MS} ms while idle), is not judged: its result is null, as for a station without a
 * sense input, because silence from an unconnected port says nothing of the speakers.
 */
public final class Hearing implements AutoCloseable {

    static final int DRAIN_MS = 20;
    static final int CHUNK_FRAMES = 2048;

    /** One session's comparison, kept across its preemptions; only {@link Hearing} touches it. */
    public static final class Listening {
        private final ProgrammeMatch match;
        /** Guarded by the {@link Hearing}: the sense input was connected to nothing while this was on air. */
        private boolean unconnected;

        private Listening(ProgrammeMatch match) {
            this.match = match;
        }
    }

    private final SenseTap tap;
    private final SensePort sense;
    private final IntSupplier sampleRate;
    private final HearingSettings settings;
    private final float[] sent = new float[CHUNK_FRAMES];
    private final float[] heard = new float[CHUNK_FRAMES];
    private final float[] scratch = new float[2 * CHUNK_FRAMES];
    private final Thread thread;
    private volatile boolean running = true;
    /** Guarded by this: the session whose programme is being compared now, or null. */
    private Listening current;

    /**
     * @param sampleRate the output's rate, asked when a session first goes on air (the output has started by then)
     */
    public Hearing(SenseTap tap, SensePort sense, IntSupplier sampleRate, HearingSettings settings) {
        this.tap = tap;
        this.sense = sense;
        this.sampleRate = sampleRate;
        this.settings = settings;
        this.thread = new Thread(this::run, "hearing");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public HearingSettings settings() {
        return settings;
    }

    public SensePort sense() {
        return sense;
    }

    /** A session goes on air for the first time: from now on, what is sent is compared with what is heard. */
    public synchronized Listening listen() {
        drain(null); // what came before it is not its programme
        current = new Listening(new ProgrammeMatch(sampleRate.getAsInt(), settings));
        return current;
    }

    /** A preempted session is on air again: its comparison goes on. */
    public synchronized void resume(Listening listening) {
        drain(current);
        current = listening;
    }

    /** The session has left the air (preempted, its fade over): nothing is compared until one goes on again. */
    public synchronized void pause(Listening listening) {
        if (current == listening) {
            drain(listening);
            current = null;
        }
    }

    /**
     * What was heard of {@code listening}'s session so far (a preempted session's ack); it goes on. Null when the
     * sense input was connected to nothing while it was on air.
     */
    public synchronized Heard sofar(Listening listening) {
        if (current == listening) {
            drain(listening);
        }
        return listening.unconnected ? null : listening.match.result();
    }

    /**
     * The session has ended: its figures, with everything sent until now; the comparison stops. Null when the sense
     * input was connected to nothing while it was on air.
     */
    public synchronized Heard conclude(Listening listening) {
        pause(listening);
        return listening.unconnected ? null : listening.match.result();
    }

    /** The sense input was connected to nothing while {@code listening}'s session was on air: it is not judged. */
    public synchronized boolean unconnected(Listening listening) {
        return listening.unconnected;
    }

    /** Frames the callback could not hand over because this thread was behind. */
    public long droppedFrames() {
        return tap.droppedFrames();
    }

    private void run() {
        while (running) {
            try {
                if (drainChunk() < CHUNK_FRAMES) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DRAIN_MS));
                }
            } catch (RuntimeException e) {
                // a bad figure must not end proof of broadcast for every later session
                Logger.error(e, "hearing: comparing a session's programme failed; it is dropped");
                synchronized (this) {
                    current = null;
                }
            }
        }
    }

    private synchronized int drainChunk() {
        int frames = tap.drain(sent, heard, scratch);
        if (current != null) {
            noteConnection(current);
            if (frames > 0) {
                current.match.feed(sent, heard, frames);
            }
        }
        return frames;
    }

    private void noteConnection(Listening listening) {
        if (!sense.connected().getAsBoolean()) {
            listening.unconnected = true;
        }
    }

    /** Empties the tap into {@code into}'s comparison (null: discards). */
    private void drain(Listening into) {
        if (into != null) {
            noteConnection(into);
        }
        int frames;
        do {
            frames = tap.drain(sent, heard, scratch);
            if (frames > 0 && into != null) {
                into.match.feed(sent, heard, frames);
            }
        } while (frames == CHUNK_FRAMES);
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

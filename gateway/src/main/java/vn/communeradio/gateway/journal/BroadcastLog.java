package vn.communeradio.gateway.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.store.AtomicFiles;

/**
 * The station's broadcast log (PROTOCOL.md "Log records"): the {@link Journal} on disk, the {@link Forwarder}
 * to the broker, and the acknowledged position. Its own thread does every disk write, so the control loop only
 * hands over values and never waits for an SD card.
 *
 * <p>The acknowledged position ({@value #POSITION_FILE}) is rewritten atomically at most every
 * {@link #POSITION_DELAY}, and at a clean stop: after a crash the records acknowledged in those last seconds
 * are sent again under their own seq, which consumers de-duplicate.
 */
public final class BroadcastLog implements SessionLog, AutoCloseable {

    /** What the log needs from the MQTT link. */
    public interface Link {
        boolean connected();

        /** Publishes one record (QoS 1, not retained) without blocking; {@code acknowledged} runs on PUBACK. */
        void publish(byte[] record, Runnable acknowledged);
    }

    /** The journal's folder name under the station's state directory. */
    public static final String DIRECTORY = "journal";
    static final String POSITION_FILE = "acknowledged";
    static final Duration POSITION_DELAY = Duration.ofSeconds(2);
    static final String INTERRUPTED_REASON = "the service stopped while this session was on (power cut, crash or "
            + "restart); ended is when it started again";
    static final String WAITING_REASON = "the service stopped while this session waited to start (power cut, "
            + "crash or restart); it never played; ended is when the service started again";

    private final Journal journal;
    private final Path positionFile;
    private final Forwarder forwarder;
    private final ScheduledExecutorService thread;
    private final List<OpenSession> resumable = new ArrayList<>();
    private long savedPosition;
    private ScheduledFuture<?> positionWrite;

    private BroadcastLog(Journal journal, Path positionFile, long savedPosition, Link link) {
        this.journal = journal;
        this.positionFile = positionFile;
        this.savedPosition = savedPosition;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "journal");
            t.setDaemon(true);
            return t;
        });
        this.forwarder = new Forwarder(journal, link, this::positionChanged);
    }

    /**
     * Opens the journal in {@code dir} and settles what the previous run left open: an {@code emergency}
     * still within its time is kept for {@link #resumable()}; every other open session is logged
     * {@code interrupted} now.
     */
    public static BroadcastLog open(Path dir, String station, long maxBytes, Link link, LongSupplier clockMillis)
            throws IOException {
        Files.createDirectories(dir);
        Path positionFile = dir.resolve(POSITION_FILE);
        long position = readPosition(positionFile);
        Journal journal = Journal.open(dir, station, maxBytes, position);
        BroadcastLog log = new BroadcastLog(journal, positionFile, position, link);
        long now = clockMillis.getAsLong();
        for (OpenSession session : journal.openSessions()) {
            if (session.priority() == Priority.EMERGENCY && session.withinTime(now) && !session.waiting()) {
                log.resumable.add(session);
                Logger.info("emergency session {} was on when the service stopped and is still within its time: "
                        + "it resumes", session.session());
            } else {
                LogRecord record = journal.record(new Ending(session.jti(), session.session(),
                        session.priority().wire(), session.sources().get(0), now, LogOutcome.INTERRUPTED, null,
                        session.waiting() ? WAITING_REASON : INTERRUPTED_REASON, null));
                Logger.info("session {} was on when the service stopped: logged interrupted as seq {}",
                        session.session(), record.seq());
            }
        }
        return log;
    }

    private static long readPosition(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            // only costs re-sending records the broker already has, under their own seq
            Logger.warn("{} unreadable ({}); unacknowledged records are recovered from the journal", file,
                    e.getMessage());
            return 0;
        }
    }

    /** Emergencies from the previous run to play again, once, at start. */
    public List<OpenSession> resumable() {
        return List.copyOf(resumable);
    }

    /** The link connected (again): resend from the first record the broker has not acknowledged. */
    public void connected() {
        forwarder.connected();
    }

    /** Sends what is pending, for when the link is up before the first connect hook. */
    public void start() {
        forwarder.pump();
    }

    @Override
    public void started(OpenSession session) {
        mark(session);
    }

    @Override
    public void waiting(OpenSession session) {
        mark(session);
    }

    /** Writes a session's marker (it replaces a waiting one of the same jti when the session starts). */
    private void mark(OpenSession session) {
        thread.execute(() -> {
            try {
                journal.opened(session);
                Logger.info("journal: session {} open{}", session.session(), session.waiting() ? " (waiting)" : "");
            } catch (IOException e) {
                Logger.error("journal: marker of session {} not written ({}); if the service dies now, the session "
                        + "will not be logged interrupted. Check the SD card", session.session(), e.getMessage());
            }
        });
    }

    @Override
    public void ended(Ending ending, Runnable synced) {
        try {
            thread.execute(() -> {
                try {
                    LogRecord record = journal.record(ending);
                    Logger.info("journal: seq {} session {} {}", record.seq(), record.session(),
                            record.outcome().wire());
                } catch (IOException | RuntimeException e) {
                    Logger.error("journal: record of session {} not synced to disk ({}); it is still sent, but may "
                            + "be lost in a power cut. Check the SD card", ending.session(), e.toString());
                } finally {
                    synced.run(); // the final ack goes out whatever the disk did
                }
                forwarder.pump();
            });
        } catch (RejectedExecutionException e) {
            Logger.warn("journal closed: session {} ended while stopping; its record is not written", ending.session());
            synced.run();
        }
    }

    @Override
    public void after(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // closed at shutdown: nothing is queued any more to go first
        }
    }

    /** Called on PUBACK: the position file is rewritten a little later, once for a burst of acks. */
    private synchronized void positionChanged() {
        if (positionWrite == null) {
            try {
                positionWrite = thread.schedule(this::writePosition, POSITION_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping: close() writes the position itself
            }
        }
    }

    private void writePosition() {
        synchronized (this) {
            positionWrite = null;
        }
        long position = journal.position();
        if (position == savedPosition) {
            return;
        }
        try {
            AtomicFiles.write(positionFile, (position + "\n").getBytes(StandardCharsets.US_ASCII));
            savedPosition = position;
        } catch (IOException e) {
            Logger.warn("{} not written ({}); acknowledged records may be sent again after a restart", positionFile,
                    e.getMessage());
        }
    }

    public Journal journal() {
        return journal;
    }

    /** Finishes pending writes, saves the acknowledged position, closes the files. */
    @Override
    public void close() {
        thread.execute(this::writePosition);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                Logger.warn("journal writes still pending at stop; unsent records stay on disk");
            }
            journal.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            Logger.warn("journal close: {}", e.getMessage());
        }
    }
}

package vn.communeradio.gateway.control;

import java.util.List;
import org.tinylog.Logger;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.SourceUrls;
import vn.communeradio.gateway.journal.LogRecord;
import vn.communeradio.gateway.playback.SoundRequest;

/**
 * The station's own live announcements: the line input on air as a session of source {@code input:line} at
 * {@code announce.priority}, on every zone, started and ended at the station (push-to-talk, the console's
 * {@code announce}). One at a time; it is a session like any other (relay sequence, priorities, acks, journal), with
 * {@value #ID_PREFIX} ids that the log marks {@code "origin":"local"}. Control loop only.
 */
public final class Announcements {

    public static final String ID_PREFIX = LogRecord.LOCAL_ID_PREFIX;

    private final ControlLoop loop;
    private final Playback playback;
    private final Priority priority;
    private final boolean lineInput;
    private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
    /** The announcement started last; still a session while the playback knows it. */
    private String session;

    Announcements(ControlLoop loop, Playback playback, Priority priority, boolean lineInput) {
        this.loop = loop;
        this.playback = playback;
        this.priority = priority;
        this.lineInput = lineInput;
    }

    /** A new announcement id, {@value #ID_PREFIX}{@code <epoch ms>-<n>}; any thread (the console watches it first). */
    public String newId(long nowMillis) {
        return ID_PREFIX + nowMillis + "-" + ids.incrementAndGet();
    }

    /** Whether the station has a line input to put on air. */
    public boolean lineInput() {
        return lineInput;
    }

    public Priority priority() {
        return priority;
    }

    /**
     * Puts the line on air as session {@code id} ({@value #ID_PREFIX}...), for {@code durationS} or until
     * {@link #stop}; when an announcement is already on or waiting, that one stays and its id is returned.
     * {@code by} says who asked, for the service log.
     *
     * @throws IllegalStateException when the station has no line input
     */
    public String start(String id, Long durationS, String by) {
        loop.assertOnLoop();
        if (!lineInput) {
            throw new IllegalStateException("this station has no line input (audio.line_channel)");
        }
        String on = current();
        if (on != null) {
            return on;
        }
        if (!id.startsWith(ID_PREFIX)) {
            throw new IllegalArgumentException("a local announcement's id starts with " + ID_PREFIX + ": " + id);
        }
        Logger.info("local announcement {} by {}: the line input on air at {} priority{}", id, by, priority.wire(),
                durationS == null ? "" : " for " + durationS + " s");
        session = id;
        playback.request(id, id, priority, SoundRequest.of(SourceUrls.LINE_INPUT), List.of(), null, null, durationS);
        return id;
    }

    /**
     * Ends the announcement on air (finished), or one not on air yet, waiting or in the warm-up (stopped: it never
     * went on air); false when there is none.
     */
    public boolean stop(String by) {
        loop.assertOnLoop();
        String on = current();
        if (on == null) {
            return false;
        }
        Logger.info("local announcement {} ended by {}", on, by);
        session = null;
        return playback.finish(on);
    }

    /** The announcement on air or waiting, or null. */
    public String current() {
        if (session != null && playback.priorityOf(session) == null) {
            session = null; // it ended otherwise: its time, a failure, a stop or a replacement by central
        }
        return session;
    }
}

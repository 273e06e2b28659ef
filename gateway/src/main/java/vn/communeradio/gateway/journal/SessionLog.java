package vn.communeradio.gateway.journal;

/** Where the control loop reports sessions starting and ending; implementations never block the caller. */
public interface SessionLog {

    /** Logs nothing: a station built without a journal (unit tests). */
    SessionLog NONE = new SessionLog() {
        @Override
        public void started(OpenSession session) {
        }

        @Override
        public void waiting(OpenSession session) {
        }

        @Override
        public void ended(Ending ending, Runnable then) {
            then.run();
        }
    };

    /**
     * Runs {@code task} on the log's thread after everything handed over so far (a final ack waiting for its record
     * goes out first); at once when the log has no thread.
     */
    default void after(Runnable task) {
        task.run();
    }

    /** A session was accepted and waits to start (a higher priority plays, or its start_at is ahead). */
    void waiting(OpenSession session);

    /** A session played for the first time. */
    void started(OpenSession session);

    /**
     * A session reached its final status; {@code then} runs once its record is on disk (or could not be written),
     * on the log's own thread: the final ack goes out there, so no ack says "finished" of a session that a power
     * cut a moment later would log "interrupted".
     */
    void ended(Ending ending, Runnable then);
}

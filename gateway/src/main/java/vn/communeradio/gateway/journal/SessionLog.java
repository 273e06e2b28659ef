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
        public void ended(Ending ending) {
        }
    };

    /** A session was accepted and waits to start (a higher priority plays, or its start_at is ahead). */
    void waiting(OpenSession session);

    /** A session played for the first time. */
    void started(OpenSession session);

    /** A session reached its final status. */
    void ended(Ending ending);
}

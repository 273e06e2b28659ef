package vn.communeradio.gateway.command;

/** What {@link CommandVerifier#verify} decided: a command to run, or a rejection to ack. */
public sealed interface Outcome permits Outcome.Accepted, Outcome.Rejected {

    /** A command that passed every check and is now recorded against replay. */
    record Accepted(Envelope envelope, Command command) implements Outcome {
    }

    /** A refused command; nothing else must happen but the ack. */
    record Rejected(Rejection rejection) implements Outcome {
    }
}

package vn.communeradio.gateway.command;

/** A command's arguments (or a stored schedule item) are not acceptable; carries the ack code and reason. */
public final class CommandException extends Exception {

    private final RejectCode code;

    public CommandException(RejectCode code, String reason) {
        super(reason, null, false, false); // expected on bad input: no stack trace to fill
        this.code = code;
    }

    public RejectCode code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }
}

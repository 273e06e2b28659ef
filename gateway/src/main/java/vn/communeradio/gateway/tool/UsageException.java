package vn.communeradio.gateway.tool;

/** Something the operator has to fix before the tool can do anything (exit status 2); the message says what. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}

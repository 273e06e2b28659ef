package vn.communeradio.gateway.station;

/** The station cannot start; the message names what failed and what to check. */
public final class StartupException extends Exception {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}

package vn.communeradio.gateway.console;

import java.nio.file.Path;

/**
 * The line protocol on the console socket (UTF-8, '\n'-terminated lines). The client sends one request line (the
 * command as typed); the service answers with output lines, each starting with {@value #OUTPUT}, as they come (a
 * relay test streams its progress), then one end line {@value #END} followed by the exit status. One connection
 * carries any number of requests, one after the other.
 */
public final class ConsoleProtocol {

    /** Where the socket lives in the state directory: a private 0750 directory, so it is never reachable wider. */
    public static final String DIRECTORY = "console";
    public static final String SOCKET = "console.sock";
    public static final String OUTPUT = ". ";
    public static final String END = "= ";
    /** Longest request line; a longer one is refused and the connection closed. */
    public static final int MAX_REQUEST = 4096;

    /** Exit statuses, for the end line and the {@code console} command alike. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_RUNNING = 3;
    public static final int PIN_REFUSED = 4;

    private ConsoleProtocol() {
    }

    public static Path socket(Path stateDir) {
        return stateDir.resolve(DIRECTORY).resolve(SOCKET);
    }
}

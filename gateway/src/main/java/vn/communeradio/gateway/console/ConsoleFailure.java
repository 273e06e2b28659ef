package vn.communeradio.gateway.console;

/** A console command could not do what was asked; the message is for the technician, the status for scripts. */
final class ConsoleFailure extends Exception {

    private final int status;

    ConsoleFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    static ConsoleFailure usage(String message) {
        return new ConsoleFailure(ConsoleProtocol.USAGE, message);
    }

    static ConsoleFailure failed(String message) {
        return new ConsoleFailure(ConsoleProtocol.FAILED, message);
    }

    int status() {
        return status;
    }
}

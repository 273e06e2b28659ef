package vn.communeradio.gateway;

/**
 * The exit statuses of every command of the jar ({@code run}, {@code check}, the operator's tool, the update
 * check): what systemd, the package's scripts and an operator's shell read.
 */
public final class ExitStatus {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** {@code run} stopped because a technician typed {@code restart}: systemd's Restart=always starts it again. */
    public static final int RESTART = 3;
    /** EX_TEMPFAIL: the package's ExecStopPost reboots the board on it (link.reboot_after_offline_s). */
    public static final int REBOOT = 75;

    private ExitStatus() {
    }
}

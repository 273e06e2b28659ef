package vn.communeradio.hal;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a real part it needs (a program, a kernel behaviour) is missing on this machine: in CI
 * ({@code CI=true}) it fails, saying what to install; elsewhere it is skipped with the same words. Never silent,
 * and never a skip in CI, where a skip would read as a pass.
 */
public final class RealPart {

    private RealPart() {
    }

    /** Whether this run is CI's ({@code CI=true}, as .ci/run and most CI services set it). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Returns when {@code present}; otherwise fails in CI and skips elsewhere, with {@code missing} (what is not
     * there) and {@code remedy} (what to install or change) in the message.
     */
    public static void require(boolean present, String missing, String remedy) {
        if (present) {
            return;
        }
        String message = missing + ": " + remedy;
        if (inCi()) {
            throw new AssertionError(message + " (CI=true: a missing real part fails the test, it is not skipped)");
        }
        Assumptions.abort(message + " (skipped outside CI; with CI=true this fails)");
    }
}

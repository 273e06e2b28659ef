package vn.communeradio.tests.fuzz;

/** How long each fuzz target runs in CI's fuzzing execution (docs/fuzzing.md: longer runs by hand). */
public final class Durations {

    /** Seven targets of 15 s (plus a few seconds of start each): under two minutes of CI time. */
    public static final String CI = "15s";

    private Durations() {
    }
}

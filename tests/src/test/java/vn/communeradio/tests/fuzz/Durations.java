package vn.communeradio.tests.fuzz;

/** How long each fuzz target runs in CI's fuzzing execution (docs/fuzzing.md: longer runs by hand). */
final class Durations {

    /** Seven targets of 15 s: under two minutes of CI time. */
    static final String CI = "15s";

    private Durations() {
    }
}

package vn.communeradio.tests.fuzz;

/** How long each fuzz target runs in CI's fuzzing execution (docs/fuzzing.md: longer runs by hand). */
public final class Durations {

    /** Six targets of 12 s, plus about 6 s of JVM start and seeds each: under two minutes of CI time. */
    public static final String CI = "12s";

    private Durations() {
    }
}

package vn.communeradio.tests.fuzz;

/** How long each fuzz target runs in CI's fuzzing execution (docs/fuzzing.md: longer runs by hand). */
public final class Durations {

    /** Six targets of 12 s fuzzing at once (tests/pom.xml fuzzForks), JVM starts and seeds included: under a minute. */
    public static final String CI = "12s";

    private Durations() {
    }
}

package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Assertions on verifier outcomes that print the rejection when they fail. */
final class Verdicts {

    private Verdicts() {
    }

    static Outcome.Accepted accepted(Outcome outcome) {
        if (outcome instanceof Outcome.Rejected r) {
            fail("expected accepted, got " + r.rejection());
        }
        return (Outcome.Accepted) outcome;
    }

    static <T extends Command> T accepted(Outcome outcome, Class<T> type) {
        return assertInstanceOf(type, accepted(outcome).command());
    }

    /** Asserts a rejection with {@code code} whose reason contains every fragment. */
    static Rejection rejected(Outcome outcome, RejectCode code, String... fragments) {
        if (outcome instanceof Outcome.Accepted a) {
            fail("expected rejected " + code.wire() + ", got accepted " + a.command());
        }
        Rejection rejection = ((Outcome.Rejected) outcome).rejection();
        assertEquals(code, rejection.code(), rejection.toString());
        for (String fragment : fragments) {
            assertTrue(rejection.reason().contains(fragment), "reason '" + rejection.reason() + "' lacks '" + fragment + "'");
        }
        return rejection;
    }
}

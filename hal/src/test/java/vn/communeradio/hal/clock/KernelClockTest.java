package vn.communeradio.hal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelClockTest {

    @Test
    void theKernelAnswersWithOneOfItsClockStatesAndSynchronisedFollowsIt() throws Exception {
        KernelClock clock = KernelClock.open().orElseThrow(() -> new AssertionError("adjtimex not callable on Linux"));
        int state = clock.state();
        assertTrue(state >= 0 && state <= 5, "adjtimex returned " + state + ", not a clock state (TIME_OK..TIME_ERROR)");
        assertEquals(state != 5, clock.synchronised(), "state " + state);
    }
}

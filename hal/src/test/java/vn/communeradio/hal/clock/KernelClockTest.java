package vn.communeradio.hal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class KernelClockTest {

    /**
     * Either the kernel answers with one of its clock states, or (a seccomp filter: systemd's ProtectClock=,
     * some containers) it refuses and the refusal says so in words; never a crash or a made-up answer.
     */
    @Test
    void theKernelAnswersWithOneOfItsClockStatesOrARefusalInWords() throws Exception {
        KernelClock clock = KernelClock.open().orElseThrow(() -> new AssertionError("adjtimex not callable on Linux"));
        int state;
        try {
            state = clock.state();
        } catch (IOException refused) {
            assertTrue(refused.getMessage().startsWith("adjtimex refused: "), refused.getMessage());
            assertThrows(IOException.class, clock::synchronised);
            return;
        }
        assertTrue(state >= 0 && state <= 5, "adjtimex returned " + state + ", not a clock state (TIME_OK..TIME_ERROR)");
        assertEquals(state != 5, clock.synchronised(), "state " + state);
    }
}

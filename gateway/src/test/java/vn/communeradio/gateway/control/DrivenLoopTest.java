package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The control loop turned by hand on a manual ticker: what the unit tests of what it owns stand on. */
class DrivenLoopTest {

    private final ManualTime time = new ManualTime();
    private final ControlLoop loop = ControlLoop.drivenBy(time);

    @Test
    void timersFireWhenTheirTimeComesAndNotBefore() {
        List<String> fired = new ArrayList<>();
        loop.schedule(Duration.ofMillis(300), () -> fired.add("300"));
        loop.schedule(Duration.ofMillis(100), () -> {
            fired.add("100");
            loop.schedule(Duration.ZERO, () -> fired.add("100+0"));
        });
        ControlLoop.Timer every = loop.every(Duration.ofMillis(250), () -> fired.add("every"));
        time.advance(loop, Duration.ofMillis(99));
        assertEquals(List.of(), fired);
        time.advance(loop, Duration.ofMillis(1));
        assertEquals(List.of("100", "100+0"), fired, "a timer set by a timer for now runs in the same turn");
        time.advance(loop, Duration.ofMillis(400));
        assertEquals(List.of("100", "100+0", "every", "300", "every"), fired);
        every.cancel();
        time.advance(loop, Duration.ofSeconds(10));
        assertEquals(5, fired.size());
        assertEquals(Long.MAX_VALUE, loop.nextDueNanos());
    }

    @Test
    void aTimerCenturiesAheadWaitsInsteadOfOverflowing() {
        List<String> fired = new ArrayList<>();
        // a play's start_at may be up to the year 5138: its delay in nanoseconds overflows a long
        loop.schedule(Duration.ofDays(365L * 3000), () -> fired.add("far"));
        loop.schedule(Duration.ofSeconds(1), () -> fired.add("soon"));
        time.advance(loop, Duration.ofDays(10));
        assertEquals(List.of("soon"), fired, "the far timer waits; the loop keeps running the others");
    }

    @Test
    void postedTasksRunOnTheDrivingThreadAndOtherThreadsAreRefusedTheLoopsObjects() throws Exception {
        List<String> ran = new ArrayList<>();
        CompletableFuture<Throwable> fromElsewhere = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            loop.post(() -> ran.add(Thread.currentThread().getName()));
            try {
                loop.schedule(Duration.ZERO, () -> { });
                fromElsewhere.complete(null);
            } catch (IllegalStateException e) {
                fromElsewhere.complete(e);
            }
        }, "paho");
        other.start();
        other.join();
        assertTrue(fromElsewhere.get() instanceof IllegalStateException, "timers belong to the loop");
        assertTrue(fromElsewhere.get().getMessage().contains("'paho'"), fromElsewhere.get().getMessage());
        assertEquals(List.of(), ran, "nothing runs until the loop turns");
        loop.runDue();
        assertEquals(List.of(Thread.currentThread().getName()), ran);
        assertThrows(IllegalStateException.class, loop::start);
    }
}

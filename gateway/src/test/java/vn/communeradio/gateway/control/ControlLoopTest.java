package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

// alone: periodicTimerKeepsItsRate bounds a timer's rate, so surefire runs it with no other test beside it
@Tag("alone")
class ControlLoopTest {

    private final ControlLoop loop = new ControlLoop();

    @AfterEach
    void stop() throws InterruptedException {
        loop.stop(Duration.ofSeconds(2));
    }

    @Test
    void runsTasksInOrderOnOneThread() throws Exception {
        loop.start();
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop.post(() -> {
                seen.add(n + "@" + Thread.currentThread().getName());
                done.countDown();
            });
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 100; i++) {
            assertEquals(i + "@control", seen.get(i));
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() throws Exception {
        loop.start();
        CountDownLatch after = new CountDownLatch(1);
        loop.post(() -> {
            throw new IllegalStateException("bad message");
        });
        loop.post(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
        assertEquals(1, loop.failures());
    }

    @Test
    void timersFireInDeadlineOrderAndCanBeCancelled() throws Exception {
        loop.start();
        List<String> fired = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        loop.post(() -> {
            loop.schedule(Duration.ofMillis(60), () -> fired.add("late"));
            loop.schedule(Duration.ofMillis(20), () -> fired.add("early"));
            ControlLoop.Timer cancelled = loop.schedule(Duration.ofMillis(40), () -> fired.add("cancelled"));
            cancelled.cancel();
            loop.schedule(Duration.ofMillis(100), done::countDown);
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("early", "late"), fired);
    }

    /**
     * Each tick takes as long as its period (20 ms), so the rate shows: a fixed-rate timer runs the ten ticks back
     * to back, ~220 ms; a fixed-delay one (the next tick a period after the last one ended) cannot take less than
     * 20 + 9 x 40 + 20 = 400 ms, whatever the machine's load.
     */
    @Test
    void periodicTimerKeepsItsRate() throws Exception {
        loop.start();
        CountDownLatch ticks = new CountDownLatch(10);
        long t0 = System.nanoTime();
        loop.post(() -> loop.every(Duration.ofMillis(20), () -> {
            busyFor(Duration.ofMillis(20));
            ticks.countDown();
        }));
        assertTrue(ticks.await(5, TimeUnit.SECONDS));
        double elapsedMs = (System.nanoTime() - t0) / 1e6;
        assertTrue(elapsedMs >= 215 && elapsedMs < 400, "10 ticks of 20 ms, each taking 20 ms, took " + elapsedMs
                + " ms");
    }

    // a tick's work: at least this long (a sleep never ends early)
    private static void busyFor(Duration work) {
        try {
            Thread.sleep(work.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFloodIsRefusedAndCountedNotQueuedWithoutBound() throws Exception {
        // not started: nothing drains the queue
        int accepted = 0;
        for (int i = 0; i < ControlLoop.CAPACITY + 500; i++) {
            if (loop.post(() -> { })) {
                accepted++;
            }
        }
        assertEquals(ControlLoop.CAPACITY, accepted);
        assertEquals(500, loop.refused());
    }

    @Test
    void stopRunsWhatWasQueuedThenRefuses() throws Exception {
        loop.start();
        CountDownLatch ran = new CountDownLatch(1);
        loop.post(ran::countDown);
        loop.stop(Duration.ofSeconds(2));
        assertTrue(ran.await(0, TimeUnit.SECONDS));
        assertFalse(loop.post(() -> { }));
    }
}

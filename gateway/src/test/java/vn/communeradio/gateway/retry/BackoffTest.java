package vn.communeradio.gateway.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsExponentiallyWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(42));
        long[] ceilings = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
        for (long ceiling : ceilings) {
            long wait = backoff.next().toMillis();
            assertTrue(wait >= ceiling / 2 && wait <= ceiling, wait + " ms not in [" + ceiling / 2 + ", " + ceiling + "]");
        }
        backoff.reset();
        assertTrue(backoff.next().toMillis() <= 1000);
    }

    @Test
    void aFleetSpreadsItsReconnects() {
        // 1000 stations losing the same broker at once: their 7th attempt must not land together
        Set<Long> seconds = new HashSet<>();
        Random seeds = new Random(7);
        for (int station = 0; station < 1000; station++) {
            Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(120), new Random(seeds.nextLong()));
            long total = 0;
            for (int attempt = 0; attempt < 7; attempt++) {
                total += backoff.next().toMillis();
            }
            seconds.add(total / 1000);
        }
        assertTrue(seconds.size() > 40, "reconnects spread over " + seconds.size() + " distinct seconds");
    }
}

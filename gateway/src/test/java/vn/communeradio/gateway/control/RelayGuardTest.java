package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.communeradio.hal.gpio.RelayChange;
import vn.communeradio.hal.gpio.SimulatedRelays;

class RelayGuardTest {

    static final Duration MIN = Duration.ofMillis(200);

    private final ControlLoop loop = new ControlLoop();
    private final SimulatedRelays relays = new SimulatedRelays(List.of("amp", "zone1"), Clock.systemUTC());
    private final RelayGuard guard = new RelayGuard(relays, loop, MIN, Duration.ofHours(4), System::nanoTime);

    @AfterEach
    void stop() throws Exception {
        loop.stop(Duration.ofSeconds(2));
    }

    private <T> T onLoop(java.util.function.Supplier<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.post(() -> result.complete(task.get()));
        return result.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFloodOfSwitchingNeverChattersAndTheLastWishWins() throws Exception {
        loop.start();
        for (int i = 0; i < 50; i++) {
            boolean on = i % 2 == 0;
            onLoop(() -> {
                guard.set("zone1", on);
                return null;
            });
        }
        onLoop(() -> {
            guard.set("zone1", true);
            return null;
        });
        assertTrue(onLoop(() -> guard.isOn("zone1")), "decided at once");
        Duration settle = onLoop(() -> guard.settleDelay("zone1"));
        assertTrue(settle.compareTo(MIN) <= 0, "never waits longer than the interval: " + settle);
        // the hardware follows by itself within the interval
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!relays.isOn("zone1") && System.nanoTime() < deadline) {
            onLoop(() -> null);
        }
        assertTrue(relays.isOn("zone1"));
        List<RelayChange> changes = relays.history().stream().filter(c -> c.channel().equals("zone1")).toList();
        assertTrue(changes.size() <= 3, "51 wishes, few switchings: " + changes);
        for (int i = 1; i < changes.size(); i++) {
            Duration gap = Duration.between(changes.get(i - 1).at(), changes.get(i).at());
            assertTrue(gap.compareTo(MIN.minusMillis(5)) >= 0, "switchings " + gap.toMillis() + " ms apart");
        }
        assertEquals(Duration.ZERO, onLoop(() -> guard.settleDelay("zone1")));
    }

    @Test
    void allOffIsImmediateWhateverTheInterval() throws Exception {
        loop.start();
        onLoop(() -> {
            guard.set("amp", true);
            guard.set("amp", false);
            guard.set("amp", true);
            guard.allOff();
            return null;
        });
        assertTrue(!relays.isOn("amp") && !onLoop(() -> guard.isOn("amp")));
    }

    @Test
    void aRelayOnPastItsMaximumIsReportedOnceThenForcedOffAfterTheGrace() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        Duration max = Duration.ofMinutes(240);
        RelayGuard capped = new RelayGuard(relays, ControlLoop.drivenBy(nanos::get), MIN, max, nanos::get);
        List<String> told = new ArrayList<>();
        capped.whenOnTooLong((channel, on) -> told.add(channel + " " + on.toMinutes()));
        capped.set("amp", true);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        capped.set("zone1", true);

        nanos.addAndGet(max.minusSeconds(1).minusMillis(1).toNanos());
        capped.enforceMaxOnTime();
        assertEquals(List.of(), told, "not yet: amp on 1 ms short of the maximum");

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        capped.enforceMaxOnTime();
        capped.enforceMaxOnTime();
        assertEquals(List.of("amp 240"), told, "told once, for the relay on longest");
        assertTrue(relays.isOn("amp"), "the owner gets the grace to fade and switch off in order");

        nanos.addAndGet(Duration.ofSeconds(1).toNanos()); // zone1 reaches its own maximum: told once too
        capped.enforceMaxOnTime();
        capped.enforceMaxOnTime();
        assertEquals(List.of("amp 240", "zone1 240"), told);

        nanos.addAndGet(RelayGuard.GRACE.minusSeconds(1).toNanos()); // amp: maximum + grace; zone1: 1 s short
        capped.enforceMaxOnTime();
        assertTrue(!relays.isOn("amp") && !capped.isOn("amp"), "the owner did nothing: forced off");
        assertEquals(Duration.ZERO, capped.onFor("amp"));
        assertTrue(relays.isOn("zone1"), "zone1 still within its grace");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        capped.enforceMaxOnTime();
        assertTrue(!relays.isOn("zone1"), "zone1 forced off at the end of its own grace");

        // a new on-period counts from zero and is reported again
        capped.set("amp", true);
        nanos.addAndGet(max.toNanos());
        capped.enforceMaxOnTime();
        assertEquals(List.of("amp 240", "zone1 240", "amp 240"), told);
    }

    @Test
    void aRelaySwitchedOffByItsOwnerWithinTheGraceIsNotForced() {
        AtomicLong nanos = new AtomicLong(0);
        RelayGuard capped = new RelayGuard(relays, ControlLoop.drivenBy(nanos::get), MIN, Duration.ofSeconds(5),
                nanos::get);
        capped.whenOnTooLong((channel, on) -> capped.set(channel, false));
        capped.set("amp", true);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        capped.enforceMaxOnTime();
        assertTrue(!relays.isOn("amp"));
        nanos.addAndGet(RelayGuard.GRACE.toNanos());
        capped.enforceMaxOnTime();
        assertEquals(2, relays.history().size(), "on, then off once: " + relays.history());
    }
}

package vn.communeradio.gateway.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.communeradio.gateway.schedule.FiringPlanTest.HCM;
import static vn.communeradio.gateway.schedule.FiringPlanTest.item;
import static vn.communeradio.gateway.schedule.FiringPlanTest.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.command.Schedule;
import vn.communeradio.gateway.command.ScheduleItem;
import vn.communeradio.gateway.playback.SoundRequest;

/** The scheduler with an injected wall clock, monotonic clock and timers: no real waiting. */
class SchedulerTest {

    static final Duration GRACE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    long wall = local("2025-06-02T06:58", HCM).toEpochMilli();
    long mono = 1_000_000_000L;
    boolean synced = true;
    final List<String> played = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
    final List<String> missed = new ArrayList<>();
    final List<List<SoundRequest>> prefetched = new ArrayList<>();
    Runnable pending;
    Duration pendingDelay;
    int changes;

    Scheduler scheduler() {
        Broadcasts broadcasts = new Broadcasts() {
            @Override
            public void play(Firing firing) {
                played.add(firing.sessionId());
            }

            @Override
            public void missed(Firing firing, String reason) {
                missed.add(firing.sessionId() + ": " + reason);
            }

            @Override
            public void stopItem(String itemId) {
                stopped.add(itemId);
            }
        };
        Scheduler s = new Scheduler(new ScheduleSettings(HCM, true, GRACE, Duration.ofHours(24)),
                new ScheduleStore(dir), broadcasts, () -> wall, () -> mono, () -> synced, (delay, task) -> {
                    pendingDelay = delay;
                    pending = task;
                    return () -> {
                        if (pending == task) {
                            pending = null;
                        }
                    };
                }, prefetched::add, () -> changes++);
        s.start();
        return s;
    }

    /** Time passes normally: wall and monotonic together. */
    void pass(Duration d) {
        wall += d.toMillis();
        mono += d.toNanos();
    }

    /** The wall clock is set to another time (NTP step, technician), monotonic time does not move. */
    void jumpTo(String localDateTime) {
        wall = local(localDateTime, HCM).toEpochMilli();
    }

    /** Lets the pending timer run after its delay. */
    void runTimer() {
        Runnable task = pending;
        pass(pendingDelay);
        task.run();
    }

    static Schedule put(ScheduleItem... items) {
        return new Schedule(Schedule.Op.PUT, List.of(items), List.of());
    }

    Scheduler.Result apply(Scheduler s, Schedule command, Priority keyMax) {
        return s.apply(command, keyMax, "k", 2);
    }

    @Test
    void playsAtItsTimeOnceWithOneTimerAtATime() throws Exception {
        Scheduler s = scheduler();
        assertNull(apply(s, put(item("news", "daily", "07:00")), Priority.NORMAL).code());
        assertEquals(Duration.ofSeconds(60), pendingDelay); // never longer than a minute: jumps are noticed
        assertEquals(local("2025-06-02T07:00", HCM).toEpochMilli(), s.summary().get("next_at"));
        runTimer();
        runTimer();
        assertEquals(List.of("sched:news:2025-06-02"), played);
        runTimer();
        assertEquals(1, played.size());
        assertEquals(local("2025-06-03T07:00", HCM).toEpochMilli(), s.summary().get("next_at"));
    }

    @Test
    void aBackwardJumpDoesNotPlayTheDayAgain() throws Exception {
        Scheduler s = scheduler();
        apply(s, put(item("news", "daily", "07:00")), Priority.NORMAL);
        jumpTo("2025-06-02T07:00");
        runTimer();
        assertEquals(List.of("sched:news:2025-06-02"), played);
        jumpTo("2025-06-02T06:30"); // back half an hour
        runTimer();
        for (int i = 0; i < 40; i++) {
            runTimer();
        }
        assertEquals(List.of("sched:news:2025-06-02"), played);
        assertEquals(local("2025-06-03T07:00", HCM).toEpochMilli(), s.summary().get("next_at"));
    }

    @Test
    void aForwardJumpWithinTheGracePlaysLate() throws Exception {
        Scheduler s = scheduler();
        apply(s, put(item("news", "daily", "07:00")), Priority.NORMAL);
        jumpTo("2025-06-02T07:09");
        runTimer();
        assertEquals(List.of("sched:news:2025-06-02"), played);
        assertEquals(0L, s.summary().get("missed"));
    }

    @Test
    void aForwardJumpBeyondTheGraceIsCountedMissedNotPlayed() throws Exception {
        Scheduler s = scheduler();
        apply(s, put(item("news", "daily", "07:00"), item("later", "daily", "07:40")), Priority.NORMAL);
        jumpTo("2025-06-02T07:45");
        runTimer();
        assertEquals(List.of("sched:later:2025-06-02"), played);
        assertEquals(1L, s.summary().get("missed"));
        assertEquals(1, missed.size());
        assertTrue(missed.get(0).startsWith("sched:news:2025-06-02: missed, not played: due 2025-06-02 07:00 "
                + "Asia/Ho_Chi_Minh"), missed.get(0));
        assertTrue(missed.get(0).contains("min late"), missed.get(0));
        runTimer();
        assertEquals(1L, s.summary().get("missed")); // reported once
        assertEquals(1, missed.size(), "journalled once");
    }

    @Test
    void anUntrustedClockHoldsItemsAndSaysSo() throws Exception {
        synced = false;
        Scheduler s = scheduler();
        apply(s, put(item("news", "daily", "07:00")), Priority.NORMAL);
        assertEquals(false, s.summary().get("clock_trusted"));
        assertNull(s.summary().get("next_at"));
        runTimer();
        runTimer();
        runTimer();
        assertEquals(List.of(), played);
        synced = true; // synchronised two minutes after the item's time: within the grace
        runTimer();
        assertEquals(List.of("sched:news:2025-06-02"), played);
        assertEquals(true, s.summary().get("clock_trusted"));
    }

    @Test
    void aRestartDoesNotPlayTheDayAgainAndKeepsTheItems() throws Exception {
        Scheduler first = scheduler();
        apply(first, put(item("news", "daily", "07:00")), Priority.NORMAL);
        runTimer();
        runTimer();
        first.close();
        assertEquals(1, played.size());
        pass(Duration.ofSeconds(30));
        Scheduler second = scheduler();
        runTimer();
        assertEquals(1, played.size());
        assertEquals(1, second.summary().get("items"));
    }

    @Test
    void anOccurrencePassedDuringAShortOutagePlaysLateALongOneIsMissed() throws Exception {
        Scheduler first = scheduler();
        apply(first, put(item("a", "daily", "07:00"), item("b", "daily", "08:00")), Priority.NORMAL);
        first.close(); // power cut at 06:58
        jumpTo("2025-06-02T08:05");
        Scheduler second = scheduler();
        assertEquals(List.of("sched:b:2025-06-02"), played);
        assertEquals(1L, second.summary().get("missed"));
        assertEquals(1, missed.size());
        assertTrue(missed.get(0).startsWith("sched:a:2025-06-02: missed"), missed.get(0));
    }

    @Test
    void aDamagedScheduleFileIsSetAsideAndTheStationStartsEmpty() throws Exception {
        Files.writeString(dir.resolve(ScheduleStore.ITEMS), "{\"items\":[{\"id\":");
        Scheduler s = scheduler();
        assertEquals(0, s.summary().get("items"));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("schedule.json.damaged-")));
        }
        assertNull(apply(s, put(item("news", "daily", "07:00")), Priority.NORMAL).code());
        assertEquals(1, scheduler().summary().get("items"));
    }

    @Test
    void anOrdinaryKeyCannotRemoveReplaceOrClearAnEmergencyItem() throws Exception {
        Scheduler s = scheduler();
        ScheduleItem siren = item("siren", "daily", "11:00", "priority", "emergency");
        assertNull(apply(s, put(siren), Priority.EMERGENCY).code());
        Schedule remove = new Schedule(Schedule.Op.REMOVE, List.of(), List.of("siren"));
        Schedule clear = new Schedule(Schedule.Op.CLEAR, List.of(), List.of());
        Scheduler.Result refused = apply(s, remove, Priority.NORMAL);
        assertEquals(RejectCode.FORBIDDEN, refused.code());
        assertTrue(refused.reason().contains("siren"), refused.reason());
        assertEquals(RejectCode.FORBIDDEN, apply(s, clear, Priority.HIGH).code());
        assertEquals(RejectCode.FORBIDDEN, apply(s, put(item("siren", "daily", "12:00")), Priority.NORMAL).code());
        assertEquals(1, s.summary().get("items"));
        assertEquals(List.of(), stopped);
        assertNull(apply(s, remove, Priority.EMERGENCY).code());
        assertEquals(0, s.summary().get("items"));
        assertEquals(List.of("siren"), stopped);
    }

    @Test
    void aZoneTheStationLacksIsMalformed() throws Exception {
        Scheduler s = scheduler();
        Scheduler.Result r = apply(s, put(item("z", "daily", "07:00", "priority", "normal")), Priority.NORMAL);
        assertNull(r.code());
        ScheduleItem zone3 = ScheduleItem.fromJson(Map.of("id", "z3", "days", "daily", "at", "07:00", "source",
                "tone:440", "zones", List.of(3L)), "t"); // JSON numbers are longs
        assertEquals(RejectCode.MALFORMED, apply(s, put(zone3), Priority.NORMAL).code());
    }

    @Test
    void filesOfItemsDueWithin24HoursAreHandedToThePrefetcher() throws Exception {
        Scheduler s = scheduler();
        ScheduleItem soon = ScheduleItem.fromJson(Map.of("id", "soon", "days", "daily", "at", "09:00", "source",
                "http://media/soon.mp3", "mode", "file"), "t");
        ScheduleItem far = ScheduleItem.fromJson(Map.of("id", "far", "days", List.of("sat"), "at", "09:00",
                "source", "http://media/far.mp3", "mode", "file"), "t");
        ScheduleItem stream = ScheduleItem.fromJson(Map.of("id", "live", "days", "daily", "at", "09:00",
                "source", "http://media/live"), "t");
        apply(s, put(soon, far, stream), Priority.NORMAL);
        assertEquals(List.of(Scheduler.request(soon)), prefetched.get(prefetched.size() - 1));
        assertTrue(changes > 0);
    }

    @Test
    void aJumpIsNoticedFromWallAgainstMonotonicTime() throws Exception {
        Scheduler s = scheduler();
        apply(s, put(item("news", "daily", "07:00")), Priority.NORMAL);
        Instant before = Instant.ofEpochMilli(wall);
        wall -= Duration.ofDays(1).toMillis(); // a day back: yesterday's 07:00 is not played (not yet reached)
        runTimer();
        assertTrue(Instant.ofEpochMilli(wall).isBefore(before));
        assertEquals(List.of(), played);
        assertEquals(local("2025-06-01T07:00", HCM).toEpochMilli(), s.summary().get("next_at"));
    }
}

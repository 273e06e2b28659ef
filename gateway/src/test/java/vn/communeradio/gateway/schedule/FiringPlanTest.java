package vn.communeradio.gateway.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.command.ScheduleItem;

/** Next occurrences and occurrences in a span: days, from/until, time zone, midnight, DST, done dates. */
class FiringPlanTest {

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

    static ScheduleItem item(String id, Object days, String at, String... more) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("days", days);
        json.put("at", at);
        json.put("source", "tone:440");
        for (int i = 0; i < more.length; i += 2) {
            json.put(more[i], more[i + 1]);
        }
        return ScheduleItem.fromJson(json, "test");
    }

    static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    @Test
    void nextIsTheFirstMatchingWeekdayInTheStationsZone() throws Exception {
        ScheduleItem monday = item("m", List.of("mon"), "07:00");
        // Sunday 2025-06-01 23:00 UTC is already Monday 06:00 in Vietnam (UTC+7)
        Firing next = FiringPlan.next(List.of(monday), Map.of(), Instant.parse("2025-06-01T23:00:00Z"), HCM);
        assertEquals(LocalDate.parse("2025-06-02"), next.date());
        assertEquals(Instant.parse("2025-06-02T00:00:00Z"), next.at());
        // just after it: a week later
        next = FiringPlan.next(List.of(monday), Map.of(), next.at(), HCM);
        assertEquals(LocalDate.parse("2025-06-09"), next.date());
    }

    @Test
    void fromAndUntilBoundTheDates() throws Exception {
        ScheduleItem bounded = item("b", "daily", "18:30", "from", "2025-07-10", "until", "2025-07-11");
        Instant before = local("2025-06-01T12:00", HCM);
        assertEquals(LocalDate.parse("2025-07-10"), FiringPlan.next(List.of(bounded), Map.of(), before, HCM).date());
        Firing last = FiringPlan.next(List.of(bounded), Map.of(), local("2025-07-10T19:00", HCM), HCM);
        assertEquals(local("2025-07-11T18:30", HCM), last.at());
        assertNull(FiringPlan.next(List.of(bounded), Map.of(), last.at(), HCM));
    }

    @Test
    void midnightBelongsToTheNewDate() throws Exception {
        ScheduleItem midnight = item("z", "daily", "00:00");
        Firing next = FiringPlan.next(List.of(midnight), Map.of(), local("2025-12-31T23:59:59", HCM), HCM);
        assertEquals(LocalDate.parse("2026-01-01"), next.date());
        assertEquals(local("2026-01-01T00:00", HCM), next.at());
        assertEquals("sched:z:2026-01-01", next.sessionId());
    }

    @Test
    void daylightSavingGapAndOverlapGiveOneOccurrenceEach() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ScheduleItem night = item("n", "daily", "02:30");
        // 2025-03-30 02:30 does not exist in Berlin: it plays at 03:30 CEST, once
        List<Firing> spring = FiringPlan.between(List.of(night), Map.of(), local("2025-03-30T00:00", berlin),
                local("2025-03-30T12:00", berlin), berlin);
        assertEquals(1, spring.size());
        assertEquals(Instant.parse("2025-03-30T01:30:00Z"), spring.get(0).at());
        // 2025-10-26 02:30 happens twice: it plays at the first, once
        List<Firing> autumn = FiringPlan.between(List.of(night), Map.of(), Instant.parse("2025-10-25T20:00:00Z"),
                Instant.parse("2025-10-26T12:00:00Z"), berlin);
        assertEquals(1, autumn.size());
        assertEquals(Instant.parse("2025-10-26T00:30:00Z"), autumn.get(0).at());
    }

    @Test
    void betweenLeavesOutDoneDatesAndKeepsTimeOrder() throws Exception {
        ScheduleItem a = item("a", "daily", "07:00");
        ScheduleItem b = item("b", "daily", "06:00");
        Map<String, LocalDate> done = new HashMap<>(Map.of("a", LocalDate.parse("2025-06-02")));
        List<Firing> due = FiringPlan.between(List.of(a, b), done, local("2025-06-02T05:00", HCM),
                local("2025-06-03T08:00", HCM), HCM);
        assertEquals(List.of("sched:b:2025-06-02", "sched:b:2025-06-03", "sched:a:2025-06-03"),
                due.stream().map(Firing::sessionId).toList());
    }
}

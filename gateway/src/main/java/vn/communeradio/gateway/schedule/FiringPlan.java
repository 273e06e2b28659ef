package vn.communeradio.gateway.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import vn.communeradio.gateway.command.ScheduleItem;

/** When schedule items play: date arithmetic in the station's time zone, with no clock and no state of its own. */
final class FiringPlan {

    /** The longest span {@link #between} looks at; a larger clock jump is reported as such, not item by item. */
    static final Duration MAX_SPAN = Duration.ofDays(8);

    private FiringPlan() {
    }

    /** The instant {@code item} plays on {@code date}, or null when it does not play that day (weekday, from/until). */
    static Instant firingOn(ScheduleItem item, LocalDate date, ZoneId zone) {
        if (!item.days().contains(date.getDayOfWeek())
                || (item.from() != null && date.isBefore(item.from()))
                || (item.until() != null && date.isAfter(item.until()))) {
            return null;
        }
        // in a DST gap the local time moves forward by the gap, in an overlap the earlier offset wins: once a day
        return ZonedDateTime.of(date, item.at(), zone).toInstant();
    }

    /**
     * Occurrences in {@code (after, upTo]} (at most {@link #MAX_SPAN} before {@code upTo}) whose date is later than
     * the item's entry in {@code done}, in time order.
     */
    static List<Firing> between(Collection<ScheduleItem> items, Map<String, LocalDate> done, Instant after,
                                Instant upTo, ZoneId zone) {
        Instant start = after.isBefore(upTo.minus(MAX_SPAN)) ? upTo.minus(MAX_SPAN) : after;
        List<Firing> out = new ArrayList<>();
        if (!upTo.isAfter(start)) {
            return out;
        }
        // one day of margin each side: a local date's instants straddle UTC dates
        LocalDate first = LocalDate.ofInstant(start, zone).minusDays(1);
        LocalDate last = LocalDate.ofInstant(upTo, zone).plusDays(1);
        for (ScheduleItem item : items) {
            LocalDate doneDate = done.get(item.id());
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                Instant at = doneDate != null && !d.isAfter(doneDate) ? null : firingOn(item, d, zone);
                if (at != null && at.isAfter(start) && !at.isAfter(upTo)) {
                    out.add(new Firing(item, d, at));
                }
            }
        }
        out.sort(Comparator.comparing(Firing::at).thenComparing(f -> f.item().id()));
        return out;
    }

    /** The first occurrence strictly after {@code after} whose date is later than the item's {@code done} date. */
    static Firing next(Collection<ScheduleItem> items, Map<String, LocalDate> done, Instant after, ZoneId zone) {
        Firing best = null;
        LocalDate today = LocalDate.ofInstant(after, zone);
        for (ScheduleItem item : items) {
            Firing candidate = nextOf(item, done.get(item.id()), today, after, zone);
            if (candidate != null && (best == null || candidate.at().isBefore(best.at()))) {
                best = candidate;
            }
        }
        return best;
    }

    private static Firing nextOf(ScheduleItem item, LocalDate doneDate, LocalDate today, Instant after, ZoneId zone) {
        LocalDate d = today.minusDays(1);
        if (item.from() != null && item.from().isAfter(d)) {
            d = item.from();
        }
        if (doneDate != null && !d.isAfter(doneDate)) {
            d = doneDate.plusDays(1);
        }
        // a week covers every weekday; two more days for the margins around today
        for (int i = 0; i < 9; i++, d = d.plusDays(1)) {
            if (item.until() != null && d.isAfter(item.until())) {
                return null;
            }
            Instant at = firingOn(item, d, zone);
            if (at != null && at.isAfter(after)) {
                return new Firing(item, d, at);
            }
        }
        return null;
    }
}

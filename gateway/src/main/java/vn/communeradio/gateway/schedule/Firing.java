package vn.communeradio.gateway.schedule;

import java.time.Instant;
import java.time.LocalDate;
import vn.communeradio.gateway.command.ScheduleItem;

/** One occurrence of a schedule item: the item, the local date it plays on, and the instant that is. */
public record Firing(ScheduleItem item, LocalDate date, Instant at) {

    /** Session prefix of every occurrence of an item: {@code sched:<id>:}. */
    public static String sessionPrefix(String itemId) {
        return "sched:" + itemId + ":";
    }

    /**
     * The session id, also the {@code id} of its acks: {@code sched:<item id>:<yyyy-mm-dd>}. Derived from item and
     * date so that one day's occurrence is one session, whatever happens to the clock.
     */
    public String sessionId() {
        return sessionPrefix(item.id()) + date;
    }
}

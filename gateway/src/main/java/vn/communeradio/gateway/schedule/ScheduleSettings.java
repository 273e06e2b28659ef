package vn.communeradio.gateway.schedule;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How the scheduler reads time.
 *
 * @param zone               the zone of items' local {@code at} times
 * @param requireSyncedClock items play only while the system clock is synchronised
 * @param lateGrace          an occurrence found this late (clock jump, restart) still plays; later ones are missed
 * @param prefetchAhead      {@code mode: file} sources of items due within this are fetched into the cache
 */
public record ScheduleSettings(ZoneId zone, boolean requireSyncedClock, Duration lateGrace, Duration prefetchAhead) {
}

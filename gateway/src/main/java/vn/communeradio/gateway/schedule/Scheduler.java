package vn.communeradio.gateway.schedule;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.nio.file.Path;
import vn.communeradio.gateway.command.CommandException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.command.PlayMode;
import vn.communeradio.gateway.command.StationClock;
import vn.communeradio.gateway.source.FileCache;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.command.Schedule;
import vn.communeradio.gateway.command.ScheduleItem;
import vn.communeradio.gateway.command.SourceUrls;
import vn.communeradio.gateway.playback.SoundRequest;

/**
 * The station's schedule on the control loop: applies {@code schedule} commands, keeps ONE timer for the next
 * occurrence, and plays occurrences through {@link Broadcasts}.
 *
 * <p>Time. Occurrences are looked for in (watermark, now], the watermark being how far the schedule was checked,
 * persisted with the done dates. A date is done once its occurrence played or was reported missed, so nothing
 * plays twice whatever the clock does. A forward jump (or a restart) that passes an occurrence by at most the
 * late grace plays it late; beyond, it is logged missed and counted. A backward jump moves the watermark back;
 * done dates keep the day's items from playing again. While the clock is untrusted nothing plays and nothing is
 * checked: the watermark waits, so what the untrusted period skipped is judged once the clock is trusted again.
 * The timer is never longer than {@link #LONGEST_WAIT}: the loop's timers run on monotonic time, so a wall-clock
 * jump is noticed within that, and so is the clock becoming trusted.
 */
public final class Scheduler implements AutoCloseable {

    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
    /** Wall and monotonic time may disagree by this much between two looks before it is called a jump. */
    static final Duration JUMP = Duration.ofSeconds(2);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Sets a one-shot timer on the control loop; returns what cancels it. */
    public interface Timers {
        Runnable schedule(Duration delay, Runnable task);
    }

    /** A command's outcome: {@code code} null when applied, with {@code reason} saying what changed. */
    public record Result(RejectCode code, String reason) {
        static Result applied(String reason) {
            return new Result(null, reason);
        }
    }

    private final ScheduleSettings settings;
    private final ScheduleStore store;
    private final Broadcasts broadcasts;
    private final LongSupplier wallMillis;
    private final LongSupplier monoNanos;
    private final BooleanSupplier clockTrusted;
    private final Timers timers;
    private final Consumer<List<SoundRequest>> prefetch;
    private final Runnable changed;
    private final Map<String, ScheduleItem> items = new LinkedHashMap<>();
    private final Map<String, LocalDate> done;
    private Instant watermark;
    private Runnable cancelTimer;
    private long lastWall = Long.MIN_VALUE;
    private long lastMono;
    private boolean trusted;
    private boolean warnedHeld;
    private Firing next;
    private long missed;
    private Map<String, Object> published;
    private Prefetcher prefetcher;

    /**
     * @param wallMillis  the station's now (epoch ms; {@code StationClock::nowMillis} in service)
     * @param monoNanos   monotonic time ({@code System::nanoTime}), to tell a clock jump from time passing
     * @param clockTrusted whether the system clock is trusted (synchronised, or set since boot: ClockTrust)
     * @param prefetch    receives the files upcoming items need in the cache (called on the loop; must not block)
     * @param changed     called when the summary in the state changes
     */
    Scheduler(ScheduleSettings settings, ScheduleStore store, Broadcasts broadcasts, LongSupplier wallMillis,
              LongSupplier monoNanos, BooleanSupplier clockTrusted, Timers timers,
              Consumer<List<SoundRequest>> prefetch, Runnable changed) {
        this.settings = settings;
        this.store = store;
        this.broadcasts = broadcasts;
        this.wallMillis = wallMillis;
        this.monoNanos = monoNanos;
        this.clockTrusted = clockTrusted;
        this.timers = timers;
        this.prefetch = prefetch;
        this.changed = changed;
        store.loadItems().forEach(item -> items.put(item.id(), item));
        ScheduleStore.Done loaded = store.loadDone();
        this.done = new LinkedHashMap<>(loaded.dates());
        this.watermark = loaded.checked();
        this.trusted = clockTrusted();
        if (!items.isEmpty()) {
            Logger.info("schedule: {} item(s) loaded, times in {}", items.size(), settings.zone());
        }
    }

    /**
     * The station's scheduler: state in {@code stateDir}, timers from {@code timers} (the control loop's: they
     * refuse any other thread), time from {@code clock} and {@code monoNanos}, files fetched ahead into
     * {@code cache} with {@code downloads}. Call {@link #start()} on the loop.
     */
    public static Scheduler create(ScheduleSettings settings, Path stateDir, SourceSettings downloads, Timers timers,
                                   LongSupplier monoNanos, StationClock clock, FileCache cache, Broadcasts broadcasts,
                                   Runnable changed) {
        Prefetcher prefetcher = new Prefetcher(cache, downloads);
        Scheduler scheduler = new Scheduler(settings, new ScheduleStore(stateDir), broadcasts, clock::nowMillis,
                monoNanos, clock::trusted, timers, prefetcher::want, changed);
        scheduler.prefetcher = prefetcher;
        return scheduler;
    }

    /** Looks at the schedule for the first time; control loop. */
    public void start() {
        if (prefetcher != null) {
            prefetcher.start();
        }
        tick();
    }

    /**
     * Applies a verified command: checks, persists, then recomputes. A key may replace or remove an item only up
     * to its own priority (PROTOCOL.md "Who may do what"): an ordinary key cannot silence an emergency item.
     */
    public Result apply(Schedule command, Priority keyMax, String kid, int zoneCount) {
        tick(); // what is due under the old schedule plays first, and the watermark moves to now
        Map<String, ScheduleItem> after = new LinkedHashMap<>(items);
        List<String> removed = new ArrayList<>();
        String reason;
        switch (command.op()) {
            case PUT -> {
                for (ScheduleItem item : command.items()) {
                    for (int zone : item.zones()) {
                        if (zone > zoneCount) {
                            return new Result(RejectCode.MALFORMED, "item " + item.id() + ": zone " + zone
                                    + " does not exist; this station has zones 1.." + zoneCount);
                        }
                    }
                    Result forbidden = forbidden(items.get(item.id()), keyMax, kid, "replace");
                    if (forbidden != null) {
                        return forbidden;
                    }
                    after.remove(item.id()); // a replaced item moves to the end, as if new
                    after.put(item.id(), item);
                }
                reason = command.items().size() + " item(s) stored; " + after.size() + " in the schedule";
            }
            case REMOVE -> {
                List<String> unknown = new ArrayList<>();
                for (String id : command.ids()) {
                    Result forbidden = forbidden(items.get(id), keyMax, kid, "remove");
                    if (forbidden != null) {
                        return forbidden;
                    }
                    (after.remove(id) != null ? removed : unknown).add(id);
                }
                reason = removed.size() + " item(s) removed" + (unknown.isEmpty() ? "" : "; not in the schedule: "
                        + String.join(", ", unknown)) + "; " + after.size() + " in the schedule";
            }
            default -> {
                for (ScheduleItem item : items.values()) {
                    Result forbidden = forbidden(item, keyMax, kid, "clear");
                    if (forbidden != null) {
                        return forbidden;
                    }
                }
                removed.addAll(items.keySet());
                after.clear();
                reason = removed.size() + " item(s) removed; the schedule is empty";
            }
        }
        try {
            store.saveItems(after.values());
        } catch (IOException e) {
            return new Result(RejectCode.INTERNAL, "schedule not saved (" + e.getMessage()
                    + "); the station keeps its previous schedule: check the state directory's disk");
        }
        items.clear();
        items.putAll(after);
        removed.forEach(id -> {
            done.remove(id);
            broadcasts.stopItem(id);
        });
        if (watermark != null) {
            // with the watermark at now, an item put after its time today is not reported missed after a restart
            store.saveDone(done, watermark);
        }
        tick();
        return Result.applied(reason);
    }

    private static Result forbidden(ScheduleItem existing, Priority keyMax, String kid, String verb) {
        if (existing == null || !existing.priority().above(keyMax)) {
            return null;
        }
        return new Result(RejectCode.FORBIDDEN, "key '" + kid + "' may act up to " + keyMax.wire() + "; cannot "
                + verb + " schedule item " + existing.id() + ", which is " + existing.priority().wire());
    }

    /** The items saved in {@code stateDir}, read from disk (written atomically): for the console's thread. */
    public static List<ScheduleItem> saved(Path stateDir)
            throws java.io.IOException, vn.communeradio.gateway.json.JsonException, CommandException {
        return ScheduleStore.peekItems(stateDir);
    }

    /** When the next item fires (station time, epoch ms), or null when none will while the clock is trusted. */
    public Long nextAtMillis() {
        return next == null ? null : next.at().toEpochMilli();
    }

    /** The summary in the retained state (an extension of PROTOCOL.md). */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items.size());
        out.put("next_item", next == null ? null : next.item().id());
        out.put("next_at", next == null ? null : next.at().toEpochMilli());
        out.put("time_zone", settings.zone().getId());
        out.put("clock_trusted", trusted);
        out.put("missed", missed);
        return out;
    }

    /** Stops the timer and saves how far the schedule was checked; after the control loop has stopped. */
    @Override
    public void close() {
        if (prefetcher != null) {
            prefetcher.close();
        }
        if (cancelTimer != null) {
            cancelTimer.run();
            cancelTimer = null;
        }
        if (watermark != null) {
            store.saveDone(done, watermark);
        }
    }

    private void tick() {
        if (cancelTimer != null) {
            cancelTimer.run();
            cancelTimer = null;
        }
        Instant now = now();
        noticeJump(now);
        boolean nowTrusted = clockTrusted();
        if (nowTrusted != trusted) {
            Logger.info(nowTrusted ? "schedule: the clock is trusted again; items play"
                    : "schedule: the clock is no longer trusted; items are held");
            trusted = nowTrusted;
            warnedHeld = false;
        }
        if (trusted) {
            playDue(now);
        } else if (!items.isEmpty() && !warnedHeld) {
            warnedHeld = true; // once per untrusted period: the state's clock_trusted says it meanwhile
            Logger.warn("schedule: {} item(s) held: the system clock is neither synchronised by NTP nor set "
                    + "since boot (see clock.sync_marker); nothing plays until it is, or set "
                    + "schedule.require_synced_clock = false on a board with a "
                    + "real-time clock", items.size());
        }
        next = trusted ? FiringPlan.next(items.values(), done, now, settings.zone()) : null;
        prefetch.accept(upcomingFiles(now));
        long wait = next == null ? LONGEST_WAIT.toMillis()
                : Math.min(LONGEST_WAIT.toMillis(), Math.max(0, next.at().toEpochMilli() - now.toEpochMilli()));
        cancelTimer = timers.schedule(Duration.ofMillis(wait), this::tick);
        Map<String, Object> summary = summary();
        if (!summary.equals(published)) {
            published = summary;
            changed.run();
        }
    }

    private void noticeJump(Instant now) {
        long wall = now.toEpochMilli();
        long mono = monoNanos.getAsLong();
        if (lastWall != Long.MIN_VALUE) {
            long jump = (wall - lastWall) - (mono - lastMono) / 1_000_000;
            if (Math.abs(jump) >= JUMP.toMillis()) {
                Logger.warn("schedule: the clock jumped {} by {} s (to {} {}); occurrences recomputed",
                        jump > 0 ? "forward" : "back", Math.abs(jump) / 1000, local(now), settings.zone());
            }
        }
        lastWall = wall;
        lastMono = mono;
    }

    private void playDue(Instant now) {
        if (watermark == null) {
            // first look ever: occurrences within the grace before now still play (a station set up just late)
            watermark = now.minus(settings.lateGrace());
        }
        if (now.isBefore(watermark)) {
            watermark = now; // the clock went back: done dates keep the day's items from playing twice
            return;
        }
        if (Duration.between(watermark, now).compareTo(FiringPlan.MAX_SPAN) > 0) {
            Logger.warn("schedule: not checked from {} to {} ({}); only the last {} days are looked at, earlier "
                    + "occurrences are not reported one by one", local(watermark), local(now), settings.zone(),
                    FiringPlan.MAX_SPAN.toDays());
        }
        List<Firing> due = FiringPlan.between(items.values(), done, watermark, now, settings.zone());
        for (Firing firing : due) {
            Duration late = Duration.between(firing.at(), now);
            if (late.compareTo(settings.lateGrace()) > 0) {
                missed++;
                String reason = "missed, not played: due " + firing.date() + " " + firing.item().at() + " "
                        + settings.zone() + ", the station could check its schedule again only at " + local(now)
                        + " (" + late.toMinutes() + " min late: it was off, its clock untrusted, or the clock "
                        + "jumped), beyond the late grace of " + settings.lateGrace().toSeconds()
                        + " s (schedule.late_grace_s)";
                Logger.warn("schedule: item {} {}", firing.item().id(), reason);
                broadcasts.missed(firing, reason);
            } else {
                Logger.info("schedule: item {} of {} plays as session {}{}", firing.item().id(), firing.date(),
                        firing.sessionId(), late.toSeconds() >= JUMP.toSeconds()
                                ? " (" + late.toSeconds() + " s late)" : "");
                broadcasts.play(firing);
            }
            done.put(firing.item().id(), firing.date());
        }
        watermark = now;
        if (!due.isEmpty()) {
            store.saveDone(done, watermark); // one write for every occurrence of this moment
        }
    }

    /** The sources of {@code mode: file} items due within the prefetch horizon. */
    private List<SoundRequest> upcomingFiles(Instant now) {
        List<SoundRequest> out = new ArrayList<>();
        Instant horizon = now.plus(settings.prefetchAhead());
        for (ScheduleItem item : items.values()) {
            if (item.mode() != PlayMode.FILE) {
                continue;
            }
            Firing upcoming = FiringPlan.next(List.of(item), done, now, settings.zone());
            if (upcoming != null && !upcoming.at().isAfter(horizon)) {
                out.add(request(item));
            }
        }
        return out;
    }

    /** What an item plays, as the player takes it. */
    public static SoundRequest request(ScheduleItem item) {
        if (item.kind() == ScheduleItem.Kind.SELFTEST) {
            return SoundRequest.of(SourceUrls.TEST_SIGNAL);
        }
        return new SoundRequest(item.source(), item.mode() == PlayMode.FILE, null);
    }

    private boolean clockTrusted() {
        return !settings.requireSyncedClock() || clockTrusted.getAsBoolean();
    }

    private Instant now() {
        return Instant.ofEpochMilli(wallMillis.getAsLong());
    }

    private String local(Instant instant) {
        return ZonedDateTime.ofInstant(instant, settings.zone()).format(LOCAL);
    }
}

package vn.communeradio.gateway.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.communeradio.gateway.command.StationClock;
import vn.communeradio.gateway.hearing.Faults;
import vn.communeradio.gateway.hearing.Hearing;
import vn.communeradio.gateway.journal.Ending;
import vn.communeradio.gateway.journal.OpenSession;
import vn.communeradio.gateway.journal.SessionLog;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;
import vn.communeradio.gateway.schedule.ScheduleSettings;
import vn.communeradio.gateway.schedule.Scheduler;
import vn.communeradio.gateway.source.FileCache;
import vn.communeradio.gateway.source.SourceSettings;

/**
 * A whole {@link StationControl} on {@link PlaybackTest}'s driven loop, manual clock and test sounds, with a real
 * scheduler and faults in {@code stateDir}: the acks it sends and the log records it hands over, for tests of what
 * the control decides (self-test steps, faults, refusals) to the millisecond and without waiting.
 */
final class ControlFixture {

    final PlaybackTest station = new PlaybackTest();
    /** Every ack sent, as parsed JSON, in order. */
    final List<Map<String, Object>> acks = new ArrayList<>();
    /** Every session marker handed to the log (waiting, then started), in order. */
    final List<OpenSession> markers = new ArrayList<>();
    /** Every session's end handed to the log, in order. */
    final List<Ending> records = new ArrayList<>();
    final StationControl control;
    /** The sense input's faults; null for a station without one. */
    final Faults faults;

    /** A station whose amplifier warms up for {@code warmup}, with a sense input or not. */
    ControlFixture(Path stateDir, Duration warmup, boolean senseInput) throws IOException {
        this(stateDir, warmup, senseInput, null);
    }

    /** The same, with a sense input whose figures {@code hearing} gives (null: none, every heard null). */
    ControlFixture(Path stateDir, Duration warmup, boolean senseInput, Hearing hearing) throws IOException {
        Outbox outbox = new Outbox() {
            @Override
            public void ack(String json) {
                try {
                    acks.add(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)));
                } catch (JsonException e) {
                    throw new AssertionError("the control sent an ack that is not JSON: " + json, e);
                }
            }

            @Override
            public void state(String json) {
            }
        };
        PlaybackTest s = station;
        control = new StationControl("st-1", s.loop, events -> new Playback(s.loop, s.relays, s.mixer,
                (id, request, soundEvents, fromMillis) -> {
                    PlaybackTest.TestSound sound = new PlaybackTest.TestSound(id, soundEvents, fromMillis);
                    s.sounds.add(sound);
                    return sound;
                }, new PlaybackSettings(warmup, PlaybackTest.HOLD, 70, 100, PlaybackTest.INTERVAL,
                PlaybackTest.MAX_ON), events, s.time::millis, 70), null, outbox, s.time::millis, () -> true,
                stateDir);
        StationClock clock = new StationClock(s.clocks.wall(), s.time::nanos, () -> true, () -> true, stateDir);
        control.schedule(Scheduler.create(new ScheduleSettings(ZoneOffset.ofHours(7), true, Duration.ofMinutes(5),
                        Duration.ofHours(24)), stateDir, new SourceSettings(SourceSettings.DEFAULT_CONNECT_TIMEOUT,
                        SourceSettings.DEFAULT_STALL_TIMEOUT, SourceSettings.DEFAULT_MAX_REDIRECTS, "test",
                        SourceSettings.DEFAULT_MAX_HEADER_BYTES, null),
                (delay, task) -> s.loop.schedule(delay, task)::cancel, s.time::nanos, clock,
                new FileCache(stateDir.resolve("cache"), 1 << 20), control.broadcasts(), control::publishState));
        control.journal(new SessionLog() {
            @Override
            public void waiting(OpenSession session) {
                markers.add(session);
            }

            @Override
            public void started(OpenSession session) {
                markers.add(session);
            }

            @Override
            public void ended(Ending ending, Runnable then) {
                records.add(ending);
                then.run();
            }
        });
        faults = senseInput ? Faults.open(stateDir) : null;
        if (senseInput) {
            control.hearing(hearing, faults); // without figures every session's heard is null, as for one never heard
        }
    }

    /** The last ack about {@code id}, or null. */
    Map<String, Object> lastAck(String id) {
        for (int i = acks.size() - 1; i >= 0; i--) {
            if (id.equals(acks.get(i).get("id"))) {
                return acks.get(i);
            }
        }
        return null;
    }

    /** The statuses acked about {@code id}, in order. */
    List<Object> statuses(String id) {
        return acks.stream().filter(a -> id.equals(a.get("id"))).map(a -> a.get("status")).toList();
    }
}

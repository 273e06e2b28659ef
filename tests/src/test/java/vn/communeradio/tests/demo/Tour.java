package vn.communeradio.tests.demo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.function.IntSupplier;
import vn.communeradio.tests.demo.Timeline.Kind;
import vn.communeradio.tests.demo.Timeline.StepMissing;

/**
 * The scripted tour: the district schedules a bulletin (a WAV file over HTTP, fetched into the cache ahead of
 * time) for the next minute; it fires, with the relay sequence; the province's flood warning (an emergency)
 * preempts it; the bulletin resumes, ends, and the amplifier goes off after its idle hold; then the announcer makes
 * a local announcement with push-to-talk; a zone self-test finds the dead zone 2. Every step is awaited on the
 * timeline: a step not seen in time ends the tour with {@link StepMissing}.
 */
final class Tour {

    /** The bulletin plays this long before the emergency: pacing for the listener, not synchronisation. */
    private static final Duration BEFORE_EMERGENCY = Duration.ofSeconds(4);
    private static final int EMERGENCY_S = 6;
    private static final Duration STEP = Duration.ofSeconds(20);
    /** How long the announcer speaks: pacing for the listener, not synchronisation. */
    private static final Duration ANNOUNCEMENT = Duration.ofSeconds(3);

    private final Timeline timeline;
    private final Operator operator;
    private final URI bulletin;
    private final IntSupplier bulletinDownloads;
    private final ZoneId zone;
    private final Duration idleHold;
    private final Clock stationClock;
    private final Path pushToTalk;

    /**
     * @param stationClock the station's clock: its schedule runs on it, which may be a simulated one
     * @param pushToTalk   the simulated GPIO's inputs file: {@code ptt = 1} presses push-to-talk
     */
    Tour(Timeline timeline, Operator operator, URI bulletin, IntSupplier bulletinDownloads, ZoneId zone,
            Duration idleHold, Clock stationClock, Path pushToTalk) {
        this.timeline = timeline;
        this.operator = operator;
        this.bulletin = bulletin;
        this.bulletinDownloads = bulletinDownloads;
        this.zone = zone;
        this.idleHold = idleHold;
        this.stationClock = stationClock.withZone(zone);
        this.pushToTalk = pushToTalk;
    }

    void run() throws Exception {
        // the next minute boundary at least 12 s away on the station's clock: time for the command and the
        // download (the demo starts the station's simulated clock 18 s before a minute: ~15 s to wait)
        ZonedDateTime now = ZonedDateTime.now(stationClock);
        ZonedDateTime at = now.plusSeconds(12).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        String hhmm = String.format("%02d:%02d", at.getHour(), at.getMinute());
        String session = "sched:bulletin:" + at.toLocalDate();
        long tag = System.currentTimeMillis();

        timeline.say("1. The district schedules a bulletin daily at " + hhmm + " (" + zone + "): a WAV file over HTTP,"
                + " mode file, so the station fetches it into its cache ahead of time.");
        int mark = timeline.size();
        operator.send("schedule put bulletin, daily at " + hhmm + ", " + bulletin, "schedule",
                "{\"op\":\"put\",\"items\":[{\"id\":\"bulletin\",\"days\":\"daily\",\"at\":\"" + hhmm
                        + "\",\"source\":\"" + bulletin + "\",\"mode\":\"file\"}]}", "schedule-" + tag);
        timeline.await(mark, Kind.ACK, "schedule-" + tag + "  finished", STEP);
        timeline.await(mark, Kind.STATION, "fetched into the media cache", STEP);

        long untilFire = Duration.between(ZonedDateTime.now(stationClock), at).toSeconds();
        timeline.say("2. At " + hhmm + " (in " + untilFire + " s) the schedule fires: amplifier on, warm-up, zones on,"
                + " the bulletin fades in.");
        mark = timeline.size();
        int ampOn = timeline.await(mark, Kind.RELAYS, "amplifier ON", Duration.ofSeconds(untilFire).plus(STEP));
        timeline.await(ampOn, Kind.RELAYS, "zones 1,2 ON", STEP);
        timeline.await(ampOn, Kind.ACK, session + "  started", STEP);

        Thread.sleep(BEFORE_EMERGENCY.toMillis());
        timeline.say("3. The province sends a flood warning (emergency): it preempts the bulletin at once, no warm-up"
                + " (the amplifier is on).");
        mark = timeline.size();
        operator.send("play tone:880 as emergency session flood-warning, " + EMERGENCY_S + " s", "play",
                "{\"source\":\"tone:880\",\"priority\":\"emergency\",\"duration_s\":" + EMERGENCY_S
                        + ",\"session\":\"flood-warning\"}", "emergency-" + tag);
        timeline.await(mark, Kind.ACK, session + "  preempted", STEP);
        timeline.await(mark, Kind.ACK, "flood-warning  started", STEP);

        timeline.say("4. The warning ends, and its final ack says what the sense microphone heard (zone 1 carries"
                + " it); the bulletin, still within its time, resumes.");
        mark = timeline.size();
        timeline.await(mark, "ACK \"flood-warning  finished ... heard ok\"", e -> e.kind() == Kind.ACK
                && e.text().contains("flood-warning  finished") && e.text().contains("heard ok"), STEP);
        timeline.await(mark, Kind.ACK, session + "  started (resumed)", STEP);
        timeline.await(mark, Kind.LOG, "flood-warning  emergency  finished", STEP);

        timeline.say("5. The bulletin ends: zones off, and the amplifier after the idle hold (" + idleHold.toSeconds()
                + " s).");
        mark = timeline.size();
        timeline.await(mark, Kind.ACK, session + "  finished", Duration.ofSeconds(60));
        timeline.await(mark, Kind.LOG, session + "  normal  finished", STEP);
        int zonesOff = timeline.await(mark, Kind.RELAYS, "zones 1,2 OFF", STEP);
        timeline.await(zonesOff, Kind.RELAYS, "amplifier OFF", idleHold.plus(STEP));

        int downloads = bulletinDownloads.getAsInt();
        if (downloads != 1) {
            throw new StepMissing("the bulletin was downloaded " + downloads + " times from its server; expected once"
                    + " (fetched ahead, then played twice from the cache)");
        }
        timeline.say("The bulletin was downloaded once, ahead of its time, and played twice from the station's cache"
                + " (before a play the station asks its server whether it has changed: \"304 Not Modified\").");

        timeline.say("6. A local announcement: the commune's announcer presses push-to-talk (input ptt); the"
                + " microphone goes on air through the relay sequence, and releasing it ends the session.");
        mark = timeline.size();
        Files.writeString(pushToTalk, "ptt = 1\n");
        ampOn = timeline.await(mark, Kind.RELAYS, "amplifier ON", STEP);
        timeline.await(ampOn, Kind.ACK, "  started", STEP);
        Thread.sleep(ANNOUNCEMENT.toMillis());
        Files.writeString(pushToTalk, "ptt = 0\n");
        timeline.await(mark, Kind.ACK, "  finished", STEP);
        timeline.await(mark, Kind.LOG, "  finished", STEP);

        timeline.say("7. The province runs the zone self-test (as a nightly schedule item would): each zone alone"
                + " plays noise bursts that the sense microphone must hear. Zone 2's line is cut (hal.sim.zone_gains"
                + " = 1,0): it becomes a fault in the station's state.");
        mark = timeline.size();
        operator.send("selftest", "selftest", "{}", "selftest-" + tag);
        timeline.await(mark, Kind.ACK, "selftest-" + tag + "  finished", Duration.ofSeconds(40));
        timeline.await(mark, Kind.STATION, "zone 2 silent", STEP);
    }
}

package vn.communeradio.gateway.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;
import vn.communeradio.gateway.command.Command;
import vn.communeradio.gateway.command.CommandException;
import vn.communeradio.gateway.command.Commands;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.control.Announcements;
import vn.communeradio.hal.gpio.RelayOutputs;

/**
 * Test broadcasts and relays from the console: {@code tone}, {@code play}, {@code stop}, {@code volume},
 * {@code relay}. Broadcasts are commands like those from MQTT (same parsing, sessions, priorities, relay sequence,
 * acks and journal records), issued at {@code high} priority by the pseudo-key {@value #KID}: a technician's test
 * preempts ordinary bulletins, which resume after it, and never an emergency.
 */
final class PlaybackCommands {

    static final String KID = "console";
    static final Priority LEVEL = Priority.HIGH;
    static final int TEST_HZ = 1000;
    static final int RELAY_TEST_S = 3;
    /** A relay switched on by hand goes off by itself after this: a technician who walks away leaves no amp on. */
    static final Duration MANUAL_ON_LIMIT = Duration.ofMinutes(10);

    private final ConsoleContext ctx;
    private final Duration startWait;

    PlaybackCommands(ConsoleContext ctx) {
        this.ctx = ctx;
        // relays may wait for their minimum interval, then the warm-up, before a session is "started"
        this.startWait = Duration.ofMillis(2L * ctx.config().get(ConfigKeys.RELAY_MIN_INTERVAL_MS)
                + ctx.config().get(ConfigKeys.PLAYBACK_WARMUP_MS)).plusSeconds(15);
    }

    List<ConsoleCommand> commands() {
        return List.of(
                new ConsoleCommand("tone", "tone <hz> [seconds]", "play a test tone (high priority)",
                        "A sine at -6 dBFS before volume, on every zone, at high priority: it preempts normal and low\n"
                                + "broadcasts (they resume after it) and waits behind an emergency. Without seconds it\n"
                                + "plays until 'stop'. Logged in the broadcast journal with session console-...\n"
                                + "Example: tone 1000 5", this::tone),
                new ConsoleCommand("play", "play <url|/path/file>", "play a stream or a file (high priority)",
                        "Plays an http(s):// stream or a local audio file (MP3, Ogg/Opus, WAV) as a test broadcast\n"
                                + "at high priority until it ends or 'stop'. Example: play /var/lib/commune-radio/test.mp3",
                        this::play),
                new ConsoleCommand("announce", "announce start [seconds] | announce stop",
                        "put the line input (microphone) on air, or end it",
                        "A local announcement: the line input (audio.line_channel) live on every zone at\n"
                                + "announce.priority, as push-to-talk does (one at a time: start finds the one on).\n"
                                + "Without seconds it stays on air until 'announce stop', which ends only an\n"
                                + "announcement started here or by push-to-talk. Logged with session local-...\n"
                                + "Example: announce start 120", this::announce),
                new ConsoleCommand("selftest", "selftest [zone...]", "measure each zone at the sense input",
                        "The zone self-test (as central's selftest command): the amplifier on, then each zone\n"
                                + "alone (all, or those given) plays noise bursts for a few seconds at a modest level,\n"
                                + "heard at the sense input (audio.sense_channel). A zone not heard becomes a fault\n"
                                + "(\"zone 2 silent\" in 'status' and the state), a zone heard clears its faults. Low\n"
                                + "priority: any broadcast ends it. Example: selftest 2", this::selftest),
                new ConsoleCommand("stop", "stop [session]", "stop broadcasts (not emergencies)",
                        "Without a session: stops every broadcast up to high priority (an emergency keeps playing:\n"
                                + "only a key allowed emergency may stop it). With a session id: stops that one.",
                        this::stop),
                new ConsoleCommand("volume", "volume [0-100]", "show or set the station volume",
                        "Without a level: shows it. With one: sets and keeps it, as the MQTT volume command does\n"
                                + "(emergencies play at playback.emergency_volume).", this::volume),
                new ConsoleCommand("relay", "relay <name> on|off|pulse <seconds>  |  relay test [seconds]",
                        "switch one relay, or test every zone in turn",
                        "relay amp on, relay zone1 off, relay zone2 pulse 2: switch one relay by hand (refused while\n"
                                + "a broadcast plays; relay.min_interval_ms still applies; 'on' lasts at most "
                                + MANUAL_ON_LIMIT.toMinutes() + " min). 'relay test' plays a "
                                + TEST_HZ + " Hz tone\non each zone in turn (amplifier first), " + RELAY_TEST_S
                                + " s each by default, and tells you when to listen.", this::relay));
    }

    private int tone(List<String> args, Reply out) throws ConsoleFailure, InterruptedException {
        if (args.isEmpty() || args.size() > 2) {
            throw ConsoleFailure.usage("usage: tone <hz> [seconds]");
        }
        long hz = number(args.get(0), "frequency", 20, 20_000);
        Map<String, Object> play = playArgs("tone:" + hz);
        if (args.size() == 2) {
            play.put("duration_s", number(args.get(1), "seconds", 1, 86_400));
        }
        return startBroadcast(play, out, "tone " + hz + " Hz" + (args.size() == 2 ? " for " + args.get(1) + " s"
                : " until 'stop'"));
    }

    private int play(List<String> args, Reply out) throws ConsoleFailure, InterruptedException {
        if (args.size() != 1) {
            throw ConsoleFailure.usage("usage: play <url|/path/file>");
        }
        String source = args.get(0).startsWith("/") ? "file:" + args.get(0) : args.get(0);
        return startBroadcast(playArgs(source), out, source + " until it ends or 'stop'");
    }

    private Map<String, Object> playArgs(String source) {
        Map<String, Object> play = new LinkedHashMap<>();
        play.put("source", source);
        play.put("priority", LEVEL.wire());
        return play;
    }

    private int startBroadcast(Map<String, Object> play, Reply out, String what)
            throws ConsoleFailure, InterruptedException {
        try (ConsoleAcks.Waiter acks = submit("play", play)) {
            Map<String, Object> ack = awaitBeyond(acks, "accepted", startWait);
            if (ack == null) {
                out.line("not started within " + startWait.toSeconds() + " s: " + blocker(acks.id())
                        + "; cancelled");
                cancel(acks.id());
                return ConsoleProtocol.FAILED;
            }
            if ("started".equals(ack.get("status"))) {
                out.line("playing " + what + " (session " + acks.id() + ")");
                return ConsoleProtocol.OK;
            }
            out.line(describe(ack));
            return ConsoleProtocol.FAILED;
        }
    }

    private int announce(List<String> args, Reply out) throws ConsoleFailure, InterruptedException {
        String usage = "usage: announce start [seconds] | announce stop";
        if (args.isEmpty()) {
            throw ConsoleFailure.usage(usage);
        }
        Announcements announcements = ctx.control().announcements();
        if (args.get(0).equals("stop") && args.size() == 1) {
            String on = ctx.onLoop(() -> {
                String id = announcements.current();
                return id != null && announcements.stop("console") ? id : null;
            });
            if (on == null) {
                out.line("no local announcement is on ('stop' ends the sessions central sent)");
                return ConsoleProtocol.FAILED;
            }
            out.line("announcement " + on + " ended");
            return ConsoleProtocol.OK;
        }
        if (!args.get(0).equals("start") || args.size() > 2) {
            throw ConsoleFailure.usage(usage);
        }
        Long seconds = args.size() == 2 ? number(args.get(1), "seconds", 1, 86_400) : null;
        if (!announcements.lineInput()) {
            out.line("announce: this station has no line input (audio.line_channel is 0 or hal.audio_in is none)");
            return ConsoleProtocol.FAILED;
        }
        String id = announcements.newId(ctx.nowMillis().getAsLong());
        try (ConsoleAcks.Waiter acks = ctx.acks().watch(id)) {
            String on = ctx.onLoop(() -> announcements.start(id, seconds, "console"));
            if (!on.equals(id)) {
                out.line("an announcement is already on (session " + on + "); 'announce stop' ends it");
                return ConsoleProtocol.OK;
            }
            Map<String, Object> ack = acks.next(startWait);
            if (ack == null) {
                out.line("not on air within " + startWait.toSeconds() + " s: " + blocker(id) + "; cancelled");
                ctx.onLoop(() -> announcements.stop("console (not on air in time)"));
                return ConsoleProtocol.FAILED;
            }
            if ("started".equals(ack.get("status"))) {
                out.line("on air: the line input at " + announcements.priority().wire() + " priority on every zone "
                        + (seconds == null ? "until 'announce stop'" : "for " + seconds + " s") + " (session " + id
                        + ")");
                return ConsoleProtocol.OK;
            }
            out.line(describe(ack));
            return ConsoleProtocol.FAILED;
        }
    }

    @SuppressWarnings("unchecked")
    private int selftest(List<String> args, Reply out) throws ConsoleFailure, InterruptedException {
        List<Long> zones = new ArrayList<>();
        for (String zone : args) {
            zones.add(number(zone, "zone", 1, ConfigKeys.MAX_ZONES));
        }
        Map<String, Object> test = new LinkedHashMap<>();
        if (!zones.isEmpty()) {
            test.put("zones", zones); // none typed: every zone
        }
        int count = zones.isEmpty() ? ctx.config().get(ConfigKeys.RELAY_ZONES) : zones.size();
        // once started, a few seconds a zone; generous, a busy board switches relays slowly
        Duration wait = Duration.ofSeconds(15 + 6L * count);
        long asked = System.nanoTime();
        try (ConsoleAcks.Waiter acks = submit("selftest", test)) {
            // started comes after the relays' interval and the amplifier's warm-up, however long it is set
            Map<String, Object> ack = awaitBeyond(acks, "accepted", startWait);
            if (ack == null) {
                out.line("self-test not started within " + waited(asked) + " s: " + blocker(acks.id()) + "; see 'log'");
                return ConsoleProtocol.FAILED;
            }
            if ("started".equals(ack.get("status"))) {
                out.line("self-test " + acks.id() + " under way; listen at the horns");
                ack = acks.next(wait);
                if (ack == null) {
                    out.line("self-test not done within " + waited(asked) + " s; see 'log'");
                    return ConsoleProtocol.FAILED;
                }
            }
            if (ack.get("zones") instanceof List<?> results) {
                for (Object r : results) {
                    Map<String, Object> zone = (Map<String, Object>) r;
                    out.line("zone " + zone.get("zone") + ": " + (Boolean.TRUE.equals(zone.get("ok")) ? "ok" : "SILENT")
                            + (zone.get("level_db") == null ? "" : " at " + zone.get("level_db") + " dBFS"));
                }
            }
            if (!"finished".equals(ack.get("status"))) {
                out.line(describe(ack));
                return ConsoleProtocol.FAILED;
            }
            return ConsoleProtocol.OK;
        }
    }

    private int stop(List<String> args, Reply out) throws ConsoleFailure, InterruptedException {
        if (args.size() > 1) {
            throw ConsoleFailure.usage("usage: stop [session]");
        }
        Map<String, Object> stop = new LinkedHashMap<>();
        if (args.size() == 1) {
            stop.put("session", args.get(0));
        }
        return finalOf("stop", stop, out);
    }

    private int volume(List<String> args, Reply out) throws ConsoleFailure, InterruptedException {
        if (args.isEmpty()) {
            out.line("volume " + ctx.state().get().get("volume") + " (emergencies: "
                    + ctx.config().get(ConfigKeys.PLAYBACK_EMERGENCY_VOLUME) + ")");
            return ConsoleProtocol.OK;
        }
        if (args.size() != 1) {
            throw ConsoleFailure.usage("usage: volume [0-100]");
        }
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("level", number(args.get(0), "volume", 0, 100));
        int status = finalOf("volume", volume, out);
        if (status == ConsoleProtocol.OK) {
            out.line("volume " + args.get(0));
        }
        return status;
    }

    /** Submits a command whose work is done at its {@code finished} ack (stop, volume) and reports it. */
    private int finalOf(String cmd, Map<String, Object> args, Reply out) throws ConsoleFailure, InterruptedException {
        try (ConsoleAcks.Waiter acks = submit(cmd, args)) {
            Map<String, Object> ack = awaitBeyond(acks, "accepted", ConsoleContext.LOOP_TIMEOUT);
            if (ack == null) {
                throw ConsoleFailure.failed("no answer from the control loop within "
                        + ConsoleContext.LOOP_TIMEOUT.toSeconds() + " s; see 'log'");
            }
            if (!"finished".equals(ack.get("status"))) {
                out.line(describe(ack));
                return ConsoleProtocol.FAILED;
            }
            if (ack.get("reason") != null) {
                out.line(String.valueOf(ack.get("reason")));
            }
            return ConsoleProtocol.OK;
        }
    }

    private int relay(List<String> args, Reply out) throws ConsoleFailure, InterruptedException {
        if (!args.isEmpty() && args.get(0).equals("test")) {
            if (args.size() > 2) {
                throw ConsoleFailure.usage("usage: relay test [seconds]");
            }
            return relayTest(args.size() == 2 ? number(args.get(1), "seconds", 1, 60) : RELAY_TEST_S, out);
        }
        if (args.size() < 2) {
            throw ConsoleFailure.usage("usage: relay <name> on|off|pulse <seconds>, or relay test");
        }
        String channel = args.get(0);
        Duration pulse = null;
        boolean on;
        switch (args.get(1)) {
            case "on" -> on = true;
            case "off" -> on = false;
            case "pulse" -> {
                if (args.size() != 3) {
                    throw ConsoleFailure.usage("usage: relay <name> pulse <seconds>");
                }
                on = true;
                pulse = Duration.ofMillis(Math.round(decimal(args.get(2), 0.1, 600) * 1000));
            }
            default -> throw ConsoleFailure.usage("relay " + channel + ": say on, off or pulse <seconds>");
        }
        if (args.size() > (pulse == null ? 2 : 3)) {
            throw ConsoleFailure.usage("usage: relay <name> on|off|pulse <seconds>");
        }
        Duration pulseTime = pulse != null ? pulse : on ? MANUAL_ON_LIMIT : null;
        String refused = ctx.onLoop(() -> ctx.control().manualRelay(channel, on, pulseTime));
        if (refused != null) {
            out.line("relay " + channel + ": " + refused);
            return ConsoleProtocol.FAILED;
        }
        out.line("relay " + channel + " " + (on ? "on" : "off") + (pulse != null ? ", off again in " + args.get(2) + " s"
                : on ? "; it switches off by itself after " + MANUAL_ON_LIMIT.toMinutes() + " min" : ""));
        return ConsoleProtocol.OK;
    }

    /** Each zone in turn through the whole relay sequence, with a tone: the technician hears which zone works. */
    private int relayTest(long seconds, Reply out) throws ConsoleFailure, InterruptedException {
        int zones = ctx.config().get(ConfigKeys.RELAY_ZONES);
        out.line("relay test: amplifier, then zone 1.." + zones + ", a " + TEST_HZ + " Hz tone for " + seconds
                + " s on each");
        for (int zone = 1; zone <= zones; zone++) {
            Map<String, Object> play = playArgs("tone:" + TEST_HZ);
            play.put("zones", List.of((long) zone));
            play.put("duration_s", seconds);
            try (ConsoleAcks.Waiter acks = submit("play", play)) {
                Map<String, Object> ack = awaitBeyond(acks, "accepted", startWait);
                if (ack == null || !"started".equals(ack.get("status"))) {
                    out.line(RelayOutputs.zone(zone) + ": "
                            + (ack == null ? "not started: " + blocker(acks.id()) : describe(ack))
                            + "; relay test stopped");
                    cancel(acks.id());
                    return ConsoleProtocol.FAILED;
                }
                out.line(">>> LISTEN NOW: zone " + zone + " (relay " + RelayOutputs.zone(zone) + "), " + seconds
                        + " s <<<");
                ack = acks.next(Duration.ofSeconds(seconds).plus(startWait));
                if (ack == null || !"finished".equals(ack.get("status"))) {
                    out.line(RelayOutputs.zone(zone) + ": " + (ack == null ? "did not finish" : describe(ack))
                            + "; relay test stopped");
                    return ConsoleProtocol.FAILED;
                }
                out.line(RelayOutputs.zone(zone) + ": done");
            }
        }
        out.line("relay test done; the amplifier switches off after " + ctx.config().get(ConfigKeys.PLAYBACK_IDLE_HOLD_S)
                + " s idle. A zone you did not hear: check its relay, wiring and horns.");
        return ConsoleProtocol.OK;
    }

    /** Withdraws a console session that did not start in time: a test must not play long after it was asked. */
    private void cancel(String session) throws ConsoleFailure {
        Map<String, Object> stop = new LinkedHashMap<>();
        stop.put("session", session);
        submit("stop", stop).close();
    }

    /** Executes {@code cmd} on the control loop as a console command; its acks come to the returned waiter. */
    private ConsoleAcks.Waiter submit(String cmd, Map<String, Object> args) throws ConsoleFailure {
        long now = ctx.nowMillis().getAsLong();
        String id = ctx.acks().newId(now);
        Command command;
        try {
            command = Commands.parse(cmd, args, id);
        } catch (CommandException e) {
            throw ConsoleFailure.usage(e.reason());
        }
        Envelope envelope = new Envelope(id, "technician console", "station/" + ctx.config().get(ConfigKeys.STATION_ID),
                now / 1000, now / 1000 + 60, KID, LEVEL, false, cmd, 0);
        Logger.info("console: {} {} as command {}", cmd, args, id);
        ConsoleAcks.Waiter waiter = ctx.acks().watch(id);
        if (!ctx.loop().post(() -> ctx.control().execute(envelope, command))) {
            waiter.close();
            throw ConsoleFailure.failed("the control loop refused the command (stopping, or its queue is full)");
        }
        return waiter;
    }

    /** The first ack whose status is not {@code skip}, or null after {@code timeout}. */
    private static Map<String, Object> awaitBeyond(ConsoleAcks.Waiter acks, String skip, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Object> ack = acks.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (ack == null || !skip.equals(ack.get("status"))) {
                return ack;
            }
        }
    }

    /** Whole seconds since {@code sinceNanos} ({@link System#nanoTime}): what the technician actually waited. */
    private static long waited(long sinceNanos) {
        return Duration.ofNanos(System.nanoTime() - sinceNanos).toSeconds();
    }

    private static String describe(Map<String, Object> ack) {
        List<String> parts = new ArrayList<>();
        parts.add(String.valueOf(ack.get("status")));
        if (ack.get("code") != null) {
            parts.add("(" + ack.get("code") + ")");
        }
        if (ack.get("reason") != null) {
            parts.add(String.valueOf(ack.get("reason")));
        }
        return String.join(" ", parts);
    }

    /**
     * Why session {@code own} has not started: another session plays (only an emergency outranks the console), or
     * its relays are on but its audio has not come.
     */
    private String blocker(String own) {
        Object playing = ctx.state().get().get("playing");
        if (playing instanceof Map<?, ?> p && own.equals(p.get("session"))) {
            return "the relays are on but no audio reached the output (its source, or the audio output: see "
                    + "'status')";
        }
        if (playing instanceof Map<?, ?> p) {
            return "session " + p.get("session") + " (" + p.get("priority") + ") is playing";
        }
        return "the station did not start it (see 'log')";
    }

    static long number(String text, String what, long min, long max) throws ConsoleFailure {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ConsoleFailure.usage(what + " '" + text + "' is not accepted; expected a whole number " + min + ".." + max);
    }

    private static double decimal(String text, double min, double max) throws ConsoleFailure {
        try {
            double value = Double.parseDouble(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ConsoleFailure.usage("seconds '" + text + "' is not accepted; expected " + min + ".." + max);
    }
}

package vn.communeradio.tests.bench;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import vn.communeradio.gateway.command.CommandSigner;
import vn.communeradio.tests.support.ProcessStats;

/**
 * N play sessions one after another, in a cycle of ten that covers what a station's sessions come to: a live MP3
 * stream replaced by a tone, a live Ogg/Opus stream stopped, a file from the media cache played to its end, a tone
 * to its end, garbage refused ({@code decode_error}), a live MP3 stream preempted by an emergency tone and resumed,
 * then stopped, an Opus file streamed to its end, an unreachable source stopped while it retries. A session that
 * does not end as expected is counted and everything is stopped before the next.
 */
final class SessionMix {

    private final ServiceMemoryBench.Station station;
    private final CentralLine central;
    private final Duration hold;
    private final Map<String, Integer> unexpected = new TreeMap<>();
    private int sessions;

    SessionMix(ServiceMemoryBench.Station station, Duration hold) {
        this.station = station;
        this.central = station.central();
        this.hold = hold;
    }

    /** What one step of the cycle does; it counts its sessions. */
    private interface Step {
        void run() throws Exception;
    }

    void run(int total, int reportEvery, Duration idle) throws Exception {
        Map<String, Step> cycle = new LinkedHashMap<>();
        cycle.put("mp3 stream replaced", this::streamReplaced);
        cycle.put("opus stream stopped", this::streamStopped);
        cycle.put("cached file", this::cachedFile);
        cycle.put("tone", this::tone);
        cycle.put("refused source", this::refused);
        cycle.put("preempted and resumed", this::preemptedAndResumed);
        cycle.put("opus file", this::opusFile);
        cycle.put("unreachable stopped", this::unreachableStopped);
        System.out.printf("%d sessions, each held %d ms once started; a row every %d%n", total, hold.toMillis(),
                reportEvery);
        System.out.printf("%8s %8s | %s%n", "sessions", "elapsed", ServiceMemory.Sample.header());
        long t0 = System.nanoTime();
        row(t0);
        int nextRow = reportEvery;
        List<Map.Entry<String, Step>> steps = List.copyOf(cycle.entrySet());
        for (int i = 0; sessions < total; i++) {
            Map.Entry<String, Step> step = steps.get(i % steps.size());
            try {
                step.getValue().run();
            } catch (AssertionError | Exception e) {
                unexpected.merge(step.getKey(), 1, Integer::sum);
                System.out.printf("  %s did not end as expected: %s%n", step.getKey(),
                        String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                stopAll();
            }
            if (!station.service().isAlive()) {
                throw new IllegalStateException("the service died:\n" + station.service().stdout()
                        + station.service().stderr());
            }
            if (sessions >= nextRow) {
                row(t0);
                nextRow += reportEvery;
            }
        }
        System.out.printf("idle for %d s%n", idle.toSeconds());
        Thread.sleep(idle.toMillis()); // idleness is what is measured here: nothing to await
        row(t0);
        System.out.printf("sessions that did not end as expected: %s%n", unexpected.isEmpty() ? "none" : unexpected);
        System.out.printf("load average %s%n", ProcessStats.loadAverage());
    }

    private void row(long t0) throws Exception {
        System.out.printf(Locale.ROOT, "%8d %7.0fs | %s%n", sessions, (System.nanoTime() - t0) / 1e9,
                station.memory().sample());
    }

    private CentralLine.Sent play(CommandSigner key, String source, Map<String, Object> more) throws Exception {
        Map<String, Object> args = new LinkedHashMap<>(more);
        args.put("source", source);
        sessions++;
        return central.send(key, "play", args);
    }

    private void started(CentralLine.Sent sent) throws Exception {
        central.await(sent, ServiceMemoryBench.WAIT, "started");
    }

    private void ends(CentralLine.Sent sent, String status) throws Exception {
        Map<String, Object> ack = central.await(sent, ServiceMemoryBench.WAIT, "finished", "stopped", "failed",
                "preempted");
        if (!status.equals(ack.get("status"))) {
            throw new AssertionError("ended " + ack + ", not " + status);
        }
    }

    private void stop(CentralLine.Sent sent) throws Exception {
        central.send(station.district(), "stop", Map.of("session", sent.jti()));
        ends(sent, "stopped");
    }

    private void hold() throws InterruptedException {
        Thread.sleep(hold.toMillis()); // the pace of the run: how long a session plays before the next step
    }

    private void streamReplaced() throws Exception {
        CentralLine.Sent stream = play(station.district(), station.media().mp3Live().toString(), Map.of());
        started(stream);
        hold();
        CentralLine.Sent tone = play(station.district(), "tone:523", Map.of("duration_s", 1));
        ends(stream, "preempted");
        ends(tone, "finished");
    }

    private void streamStopped() throws Exception {
        CentralLine.Sent stream = play(station.district(), station.media().opusLive().toString(), Map.of());
        started(stream);
        hold();
        stop(stream);
    }

    private void cachedFile() throws Exception {
        URI file = station.media().files().get(0);
        CentralLine.Sent sent = play(station.district(), file.toString(),
                Map.of("mode", "file", "sha256", station.media().fileSha256()));
        ends(sent, "finished");
    }

    private void tone() throws Exception {
        // 3 s: it follows a session whose zones just went off, and gets them back after the relays' minimum
        // interval (1 s); a 1 s tone would end as they open, failed expired with no audio
        ends(play(station.district(), "tone:440", Map.of("duration_s", 3)), "finished");
    }

    private void refused() throws Exception {
        CentralLine.Sent sent = play(station.district(), station.media().garbage().toString(), Map.of());
        Map<String, Object> ack = central.await(sent, ServiceMemoryBench.WAIT, "failed");
        if (!"decode_error".equals(ack.get("code"))) {
            throw new AssertionError("refused with " + ack);
        }
    }

    private void preemptedAndResumed() throws Exception {
        CentralLine.Sent stream = play(station.district(), station.media().mp3Live().toString(), Map.of());
        started(stream);
        hold();
        CentralLine.Sent emergency = play(station.province(), "tone:880",
                Map.of("priority", "emergency", "duration_s", 1));
        central.await(stream, ServiceMemoryBench.WAIT, "preempted");
        int resumedFrom = central.received();
        ends(emergency, "finished");
        central.await(stream.jti(), resumedFrom, ServiceMemoryBench.WAIT, "started");
        hold();
        stop(new CentralLine.Sent(stream.jti(), resumedFrom)); // its first end was the preemption
    }

    private void opusFile() throws Exception {
        ends(play(station.district(), station.media().opusFile().toString(), Map.of()), "finished");
    }

    private void unreachableStopped() throws Exception {
        CentralLine.Sent sent = play(station.district(), station.media().missing().toString(), Map.of());
        // no started: a session is started only once its audio reached the output, and this one never has any
        central.await(sent, ServiceMemoryBench.WAIT, "accepted");
        hold();
        stop(sent);
    }

    /** After a surprise: nothing left playing or waiting before the next step. */
    private void stopAll() throws Exception {
        CentralLine.Sent stop = central.send(station.province(), "stop", Map.of());
        central.await(stop, ServiceMemoryBench.WAIT, "finished", "rejected");
    }
}

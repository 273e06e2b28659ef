package vn.communeradio.gateway.update;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.CommandException;
import vn.communeradio.gateway.command.DebianVersion;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.command.Update;
import vn.communeradio.gateway.command.Ack;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.gateway.journal.Ending;

/**
 * The service's side of a remote update (docs/operations.md "Remote update"): checks an {@code update} command
 * against the running version, waits for its time, downloads and verifies the package, waits until no
 * {@code emergency} or {@code high} session plays or waits, then hands over to the package's root step by writing
 * the request file. After the restart that follows, it says the new version is online (the health marker the
 * root step waits for) and turns the root step's outcome into the final ack and a broadcast log record, once.
 * Control loop only, except the download, which runs on its own thread and posts back.
 */
public final class Updater implements vn.communeradio.gateway.control.StationControl.Updates {

    static final Duration POLL = Duration.ofSeconds(1);
    static final String SCHEDULED = "scheduled";
    static final Duration IDLE_RETRY = Duration.ofSeconds(5);
    /** The root step must have answered within its health wait twice over plus this, else it is not there. */
    static final Duration ROOT_STEP_SLACK = Duration.ofMinutes(10);
    /** Journal records searched for one already written for an outcome (a power cut between record and cleanup). */
    public static final int RECORDS_SEARCHED = 500;

    /** The broadcast log, as the updater needs it: written once, with a hook once it is on disk. */
    public interface Records {
        /** Whether the journal already holds a record of command {@code jti} for session {@code session}. */
        boolean contains(String jti, String session);

        /** Writes the record; {@code synced} runs (on any thread) once it is on disk or has failed to be. */
        void write(Ending ending, Runnable synced);
    }

    private final UpdateFiles files;
    private final String stationId;
    private final String running;
    private final ControlLoop loop;
    private final UpdateReports reports;
    private final BooleanSupplier busy;
    private final BooleanSupplier online;
    private final LongSupplier clockMillis;
    private final PackageDownload download;
    private final int healthTimeoutS;
    private final Runnable changed;
    private Job job;
    private boolean healthDue;
    private boolean waitLogged;
    private long startedMillis;

    /** One update in progress. */
    private static final class Job {
        final String jti;
        final Update update;
        String status;
        /** The request is written: the root step's outcome is awaited (also by this run: it may fail early). */
        boolean handedOver;
        /** Replaced by a newer command before its time came. */
        boolean replaced;

        Job(String jti, Update update, String status) {
            this.jti = jti;
            this.update = update;
            this.status = status;
        }
    }

    /**
     * @param running     the version running now (the installed package's, {@code Version.running()})
     * @param busy        an {@code emergency} or {@code high} session plays or waits: nothing is installed then
     * @param online      MQTT connected and the audio output open (asked on the control loop, which proves it turns)
     * @param changed     publishes the state: its {@code update} member changed
     */
    public Updater(java.nio.file.Path stateDir, String stationId, String running, ControlLoop loop,
                   Consumer<String> acks, Records records, BooleanSupplier busy, BooleanSupplier online,
                   LongSupplier clockMillis, PackageDownload download, int healthTimeoutS, Runnable changed) {
        this.files = new UpdateFiles(stateDir);
        this.stationId = stationId;
        this.running = running;
        this.loop = loop;
        this.reports = new UpdateReports(files, stationId, running, acks, records, clockMillis);
        this.busy = busy;
        this.online = online;
        this.clockMillis = clockMillis;
        this.download = download;
        this.healthTimeoutS = healthTimeoutS;
        this.changed = changed;
        this.healthDue = files.exists(UpdateFiles.REQUEST);
    }

    /** The update directory of a state directory, for the download. */
    public static java.nio.file.Path directory(java.nio.file.Path stateDir) {
        return new UpdateFiles(stateDir).dir();
    }

    /** What the previous run left: an outcome to report, or an update handed over whose outcome is awaited. */
    public void start() {
        loop.assertOnLoop();
        startedMillis = clockMillis.getAsLong();
        try {
            reports.load();
            Map<String, String> pending = files.read(UpdateFiles.PENDING);
            if (!pending.isEmpty()) {
                job = new Job(pending.get("jti"), null, "installing " + pending.get("version"));
                job.handedOver = true;
                Logger.info("update: version {} (command {}) was handed over to the root step; awaiting its outcome",
                        pending.get("version"), pending.get("jti"));
            }
        } catch (IOException e) {
            Logger.error("update: cannot read {} ({}); an update in progress will not be reported", files.dir(),
                    e.getMessage());
        }
        loop.every(POLL, this::poll);
    }

    /** Runs an accepted {@code update} command. */
    @Override
    public void request(Envelope envelope, Update update) {
        loop.assertOnLoop();
        String jti = envelope.jti();
        if (job != null && job.status.equals(SCHEDULED)) {
            // waiting for its not_before: a newer command replaces it (a wave planned wrong can be corrected)
            job.replaced = true;
            send(Ack.of(job.jti, stationId, AckStatus.STOPPED).with("version", job.update.version())
                    .reason("replaced by update command " + jti + " before it started"));
            Logger.info("update {} replaced by {} before it started", job.jti, jti);
            job = null;
        }
        if (job != null) {
            reject(jti, RejectCode.RATE_LIMITED, "an update is in progress (" + job.status + ", command " + job.jti
                    + "); send this one again once it has finished");
            return;
        }
        int order = DebianVersion.compare(update.version(), running);
        if (order == 0) {
            send(Ack.accepted(envelope, stationId).with("version", running));
            send(Ack.of(jti, stationId, AckStatus.FINISHED).with("version", running)
                    .reason("version " + running + " is already running; nothing to do"));
            Logger.info("update {}: version {} already running", jti, running);
            return;
        }
        if (order < 0 && !update.allowDowngrade()) {
            reject(jti, RejectCode.DOWNGRADE, "version " + update.version() + " is older than the running "
                    + running + "; a downgrade needs \"allow_downgrade\": true");
            return;
        }
        long max = download.maxBytes();
        if (update.size() != null && update.size() > max) {
            reject(jti, RejectCode.TOO_LARGE, "the package is " + update.size() + " bytes; this station downloads at "
                    + "most " + max + " (update.max_mb)");
            return;
        }
        job = new Job(jti, update, SCHEDULED);
        send(Ack.accepted(envelope, stationId).with("version", update.version()));
        // not_before is read on the sender's clock, as a play's start_at is (StationControl)
        long startMillis = startMillis(update) - envelope.iatAheadS() * 1000;
        long delay = Math.max(0, startMillis - clockMillis.getAsLong());
        Logger.info("update {} by key {}: {} -> {} from {}{}", jti, envelope.kid(), running, update.version(),
                update.url().getHost(), delay > 0 ? ", starting in " + delay / 1000 + " s" : "");
        Job mine = job;
        if (delay == 0) {
            fetch(mine);
        } else {
            changed.run();
            loop.schedule(Duration.ofMillis(delay), () -> fetch(mine));
        }
    }

    /** {@code not_before} plus this station's fixed share of {@code window_s}, in ms; now when neither is given. */
    long startMillis(Update update) {
        long notBefore = update.notBefore() == null ? 0 : update.notBefore() * 1000;
        long share = update.windowS() == 0 ? 0
                : Math.floorMod(Long.rotateLeft(stationId.hashCode() * 0x9E3779B97F4A7C15L, 17), update.windowS() * 1000);
        return notBefore + share;
    }

    private void fetch(Job mine) {
        if (mine.replaced) {
            return;
        }
        mine.status = "downloading " + mine.update.version();
        changed.run();
        Thread thread = new Thread(() -> {
            try {
                java.nio.file.Path deb = download.fetch(mine.update.url(), mine.update.sha256(), mine.update.size());
                loop.post(() -> downloaded(mine, deb));
            } catch (CommandException e) {
                loop.post(() -> failedBeforeHandOver(mine, e.code(), e.reason()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                Logger.error(e, "update: download failed unexpectedly");
                loop.post(() -> failedBeforeHandOver(mine, RejectCode.INTERNAL, "download failed: " + e));
            }
        }, "update-download");
        thread.setDaemon(true);
        thread.start();
    }

    private void downloaded(Job mine, java.nio.file.Path deb) {
        if (busy.getAsBoolean()) {
            if (!waitLogged) {
                waitLogged = true;
                mine.status = "waiting for idle to install " + mine.update.version();
                changed.run();
                Logger.info("update {}: package verified; waiting until no emergency or high broadcast plays",
                        mine.jti);
            }
            loop.schedule(IDLE_RETRY, () -> downloaded(mine, deb));
            return;
        }
        waitLogged = false;
        Map<String, String> pending = new LinkedHashMap<>();
        pending.put("jti", mine.jti);
        pending.put("version", mine.update.version());
        pending.put("from", running);
        pending.put("url", mine.update.url().toString());
        pending.put("handed_at", String.valueOf(clockMillis.getAsLong()));
        Map<String, String> request = new LinkedHashMap<>();
        request.put("version", mine.update.version());
        request.put("sha256", mine.update.sha256());
        request.put("from", running);
        request.put("health_timeout_s", String.valueOf(healthTimeoutS));
        request.put("command", mine.update.token()); // root verifies it again (commune-radio update-check)
        try {
            files.write(UpdateFiles.PENDING, pending);
            files.delete(UpdateFiles.OUTCOME, UpdateFiles.HEALTH);
            files.write(UpdateFiles.REQUEST, request); // last: its appearance starts the root step
        } catch (IOException e) {
            try {
                files.delete(UpdateFiles.PENDING, UpdateFiles.REQUEST);
            } catch (IOException ignored) {
                // reported below
            }
            failedBeforeHandOver(mine, RejectCode.INTERNAL, "cannot hand the package over in "
                    + files.dir() + ": " + e.getMessage());
            return;
        }
        mine.status = "installing " + mine.update.version();
        mine.handedOver = true;
        changed.run();
        Logger.info("update {}: package {} verified ({}); handed over to the root step, the service restarts",
                mine.jti, deb.getFileName(), deb.getParent());
        send(Ack.of(mine.jti, stationId, AckStatus.STARTED).with("version", mine.update.version())
                .reason("installing " + mine.update.version() + " over " + running + "; the service restarts"));
    }

    private void failedBeforeHandOver(Job mine, RejectCode code, String reason) {
        Logger.warn("update {} to {} failed ({}): {}; version {} keeps running", mine.jti, mine.update.version(),
                code.wire(), reason, running);
        Map<String, String> outcome = new LinkedHashMap<>();
        outcome.put("result", "failed");
        outcome.put("version", running);
        outcome.put("target", mine.update.version());
        outcome.put("from", running);
        outcome.put("code", code.wire());
        outcome.put("reason", reason);
        report(mine.jti, mine.update.url().toString(), outcome, () -> { });
    }

    /** Every second: the health marker when due, the root step's outcome when it came. */
    private void poll() {
        if (healthDue && online.getAsBoolean()) {
            healthDue = false;
            try {
                files.write(UpdateFiles.HEALTH, Map.of("version", running));
                Logger.info("update: version {} is online (MQTT connected, audio open, control loop turning)", running);
            } catch (IOException e) {
                Logger.error("update: health marker not written ({}); the root step will roll back", e.getMessage());
            }
        }
        if (job == null || !job.handedOver) {
            return;
        }
        try {
            Map<String, String> outcome = files.read(UpdateFiles.OUTCOME);
            Map<String, String> pending = files.read(UpdateFiles.PENDING);
            if (!outcome.isEmpty()) {
                String jti = pending.getOrDefault("jti", job.jti);
                job.status = "reporting";
                report(jti, pending.getOrDefault("url", ""), outcome, this::cleanUp);
            } else if (overdue(pending)) {
                Map<String, String> failed = new LinkedHashMap<>();
                failed.put("result", "failed");
                failed.put("version", running);
                failed.put("target", pending.get("version"));
                failed.put("from", pending.get("from"));
                failed.put("code", RejectCode.SOURCE_UNREACHABLE.wire());
                failed.put("reason", "the root step never answered (is commune-radio-update.path enabled?); version "
                        + running + " keeps running");
                job.status = "reporting";
                files.delete(UpdateFiles.REQUEST);
                report(job.jti, pending.getOrDefault("url", ""), failed, this::cleanUp);
            }
        } catch (IOException e) {
            Logger.error("update: cannot read the outcome in {}: {}", files.dir(), e.getMessage());
        }
    }

    /** The root step had its time, counted from the hand-over and from this start (after a power cut it runs again). */
    private boolean overdue(Map<String, String> pending) {
        try {
            long handed = Long.parseLong(pending.getOrDefault("handed_at", "0"));
            long limit = 2L * healthTimeoutS * 1000 + ROOT_STEP_SLACK.toMillis();
            return clockMillis.getAsLong() - Math.max(handed, startedMillis) > limit;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Runs on the journal's thread once the record is on disk: the outcome is not reported again. */
    private void cleanUp() {
        try {
            files.delete(UpdateFiles.OUTCOME, UpdateFiles.PENDING, PackageDownload.FILE);
        } catch (IOException e) {
            Logger.error("update: {} not cleaned up ({}); the outcome may be acked twice", files.dir(), e.getMessage());
        }
    }

    /** Reports an outcome (see {@link UpdateReports#report}); the update is over. */
    private void report(String jti, String url, Map<String, String> outcome, Runnable afterRecord) {
        job = null;
        reports.report(jti, url, outcome, afterRecord);
        changed.run();
    }

    private void reject(String jti, RejectCode code, String reason) {
        Logger.info("update {} rejected {}: {}", jti, code.wire(), reason);
        send(Ack.of(jti, stationId, AckStatus.REJECTED).code(code).reason(reason));
    }

    private void send(Ack ack) {
        reports.send(ack);
    }

    /** The {@code update} member of the state (extension): what is under way and how the last update ended. */
    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", job == null ? "idle" : job.status);
        s.put("last", reports.last());
        return s;
    }
}

package vn.communeradio.gateway.update;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import vn.communeradio.gateway.command.AckStatus;
import vn.communeradio.gateway.command.RejectCode;
import vn.communeradio.gateway.command.Ack;
import vn.communeradio.gateway.journal.Ending;
import vn.communeradio.gateway.journal.LogOutcome;
import vn.communeradio.gateway.journal.LogRecord;

/**
 * How updates end, told to central systems: acks, one broadcast log record each, and the last outcome kept in
 * {@code update/last} for the state and the console. Control loop only.
 */
final class UpdateReports {

    private final UpdateFiles files;
    private final String stationId;
    private final String running;
    private final Consumer<String> acks;
    private final Updater.Records records;
    private final LongSupplier clockMillis;
    private Map<String, String> last = Map.of();

    UpdateReports(UpdateFiles files, String stationId, String running, Consumer<String> acks, Updater.Records records,
                  LongSupplier clockMillis) {
        this.files = files;
        this.stationId = stationId;
        this.running = running;
        this.acks = acks;
        this.records = records;
        this.clockMillis = clockMillis;
    }

    /** Reads the last outcome a previous run kept. */
    void load() throws IOException {
        last = files.read(UpdateFiles.LAST);
    }

    void send(Ack ack) {
        acks.accept(ack.json(clockMillis.getAsLong()));
    }

    /**
     * The final ack, the log record (once: not written again when the journal already has it, as after a power cut
     * between the record and the cleanup) and the last outcome. {@code afterRecord} runs once the record is on disk.
     */
    void report(String jti, String url, Map<String, String> outcome, Runnable afterRecord) {
        String result = outcome.getOrDefault("result", "failed");
        String version = outcome.getOrDefault("version", running);
        String target = outcome.getOrDefault("target", version);
        String reason = outcome.getOrDefault("reason", "");
        boolean finished = result.equals("finished");
        RejectCode code = finished ? null : result.equals("rolled_back") ? RejectCode.ROLLED_BACK
                : codeOf(outcome.get("code"));
        Ack ack = Ack.of(jti, stationId, finished ? AckStatus.FINISHED : AckStatus.FAILED).with("version", version);
        if (code != null) {
            ack.code(code);
        }
        send(ack.reason(reason));
        if (finished) {
            Logger.info("update {}: version {} installed and online ({})", jti, version, reason);
        } else {
            Logger.error("update {} to {} {}: {}; version {} runs", jti, target, result.replace('_', ' '), reason,
                    version);
        }
        Map<String, String> lastNow = new LinkedHashMap<>();
        lastNow.put("jti", jti);
        lastNow.put("result", result);
        lastNow.put("version", version);
        lastNow.put("target", target);
        lastNow.put("reason", reason);
        lastNow.put("at", String.valueOf(clockMillis.getAsLong()));
        try {
            files.write(UpdateFiles.LAST, lastNow);
        } catch (IOException e) {
            Logger.warn("update: {} not written: {}", files.path(UpdateFiles.LAST), e.getMessage());
        }
        last = lastNow;
        String session = LogRecord.UPDATE_SESSION_PREFIX + target;
        if (records.contains(jti, session)) {
            afterRecord.run();
            return;
        }
        records.write(new Ending(jti, session, "normal", url, clockMillis.getAsLong(),
                finished ? LogOutcome.FINISHED : LogOutcome.FAILED, code == null ? null : code.wire(), reason, null),
                afterRecord);
    }

    private static RejectCode codeOf(String wire) {
        for (RejectCode c : RejectCode.values()) {
            if (c.wire().equals(wire)) {
                return c;
            }
        }
        return RejectCode.SOURCE_UNREACHABLE;
    }

    /** The last outcome for the state, or null before the first update. */
    Map<String, Object> last() {
        if (last.isEmpty()) {
            return null;
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("result", last.get("result"));
        l.put("version", last.get("version"));
        l.put("target", last.get("target"));
        l.put("reason", last.get("reason"));
        try {
            l.put("at", Long.parseLong(last.getOrDefault("at", "0")));
        } catch (NumberFormatException e) {
            l.put("at", null);
        }
        return l;
    }
}

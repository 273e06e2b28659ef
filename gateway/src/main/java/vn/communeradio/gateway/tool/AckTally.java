package vn.communeradio.gateway.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps score of the acks to one command and decides when the outcome is known and whether it is a success:
 * every station that answered accepted (and, when waiting for the end, finished), and enough stations answered
 * (the one station addressed; for a group {@code --expect N}, or at least one).
 */
final class AckTally {

    /** Where one station stands. */
    private enum Standing { PENDING, GOOD, BAD }

    /** Final statuses that mean the command did not do what was asked. */
    private static final Set<String> BAD_ENDINGS = Set.of("failed", "stopped");

    private final String onlyStation;
    private final int expect;
    private final boolean waitFinal;
    private final Map<String, Standing> standing = new LinkedHashMap<>();
    /** The status that made a station BAD, for the summary. */
    private final Map<String, String> badStatus = new LinkedHashMap<>();

    /**
     * @param onlyStation the addressed station, or null for a group
     * @param expect      for a group, how many stations must answer (0: at least one, and wait the full time)
     */
    AckTally(String onlyStation, int expect, boolean waitFinal) {
        this.onlyStation = onlyStation;
        this.expect = onlyStation != null ? 1 : expect;
        this.waitFinal = waitFinal;
    }

    /** Counts an ack; false when it is to be ignored (another station's, for a station target). */
    boolean add(StationAck ack) {
        if (onlyStation != null && !onlyStation.equals(ack.station())) {
            return false;
        }
        if (standing.get(ack.station()) != Standing.BAD) { // a rejection or failure is not undone by what follows
            Standing now = judge(ack.status());
            standing.put(ack.station(), now);
            if (now == Standing.BAD) {
                badStatus.put(ack.station(), ack.status());
            }
        }
        return true;
    }

    private Standing judge(String status) {
        if (status.equals("rejected")) {
            return Standing.BAD;
        }
        if (!waitFinal || status.equals("finished")) {
            return Standing.GOOD; // without --wait-final, any status but rejected means the station accepted
        }
        // preempted is not final: the session resumes if the higher priority ends within its time
        return BAD_ENDINGS.contains(status) ? Standing.BAD : Standing.PENDING;
    }

    /**
     * True once waiting longer cannot change the outcome: the addressed station has decided, or {@code --expect N}
     * stations have. Without --expect a group send waits the full time: there is no knowing who else is in it.
     */
    boolean decided() {
        return expect > 0 && count(Standing.GOOD) + count(Standing.BAD) >= expect;
    }

    boolean succeeded() {
        return count(Standing.GOOD) >= Math.max(expect, 1) && count(Standing.BAD) == 0
                && count(Standing.PENDING) == 0;
    }

    /** One line for stderr, e.g. {@code 2 of 3 stations answered; 1 rejected}. */
    String summary(String waited) {
        List<String> parts = new ArrayList<>();
        int answered = standing.size();
        if (expect == 0) {
            parts.add(answered == 0 ? "no station answered within " + waited
                    : answered + (answered == 1 ? " station" : " stations") + " answered");
        } else {
            parts.add(answered + " of " + expect + (expect == 1 ? " station" : " stations") + " answered"
                    + (answered < expect ? " within " + waited : ""));
        }
        Map<String, Integer> bad = new LinkedHashMap<>();
        badStatus.values().forEach(status -> bad.merge(status, 1, Integer::sum));
        bad.forEach((status, n) -> parts.add(n + " " + status));
        long unfinished = count(Standing.PENDING);
        if (unfinished > 0) {
            parts.add(unfinished + " not finished within " + waited);
        }
        return String.join("; ", parts);
    }

    private long count(Standing s) {
        return standing.values().stream().filter(v -> v == s).count();
    }
}

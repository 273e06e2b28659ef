package vn.communeradio.tests.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What the demo saw happen, printed as it arrives ({@code   +62.0 s  relays    amplifier ON}) and kept so that the
 * tour can await each step. Times are relative to the demo's start; events that carry the station's own time
 * (acks, state, log records) are stamped with it.
 */
final class Timeline {

    /** Where an event comes from: the first column after the time. */
    enum Kind {
        DEMO, OPERATOR, ACK, RELAYS, LOG, STATION;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One line of the timeline. */
    record Event(long atMillis, Kind kind, String text) {
    }

    /** A step the tour expected and did not see in time. */
    static final class StepMissing extends Exception {
        StepMissing(String message) {
            super(message);
        }
    }

    private final long startMillis;
    private final PrintStream out;
    private final List<Event> events = new ArrayList<>();

    Timeline(long startMillis, PrintStream out) {
        this.startMillis = startMillis;
        this.out = out;
    }

    void add(Kind kind, String text) {
        add(System.currentTimeMillis(), kind, text);
    }

    synchronized void add(long atMillis, Kind kind, String text) {
        Event event = new Event(atMillis, kind, text);
        events.add(event);
        out.printf("%8s s  %-8s  %s%n", String.format(Locale.ROOT, "+%.1f", (atMillis - startMillis) / 1000.0),
                kind.label(), text);
        notifyAll();
    }

    /** A narration line between the events, saying what the tour does next. */
    synchronized void say(String text) {
        out.println();
        out.println("  " + text);
    }

    /** How many events so far: a mark to await later events from. */
    synchronized int size() {
        return events.size();
    }

    /**
     * Waits for an event of {@code kind} whose text contains {@code fragment}, at index {@code from} or later;
     * returns its index.
     */
    int await(int from, Kind kind, String fragment, Duration timeout) throws InterruptedException, StepMissing {
        return await(from, kind + " \"" + fragment + "\"", e -> e.kind() == kind && e.text().contains(fragment),
                timeout);
    }

    synchronized int await(int from, String step, Predicate<Event> match, Duration timeout)
            throws InterruptedException, StepMissing {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = from; ; i++) {
            while (i >= events.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StepMissing(step + " not seen within " + timeout.toSeconds() + " s");
                }
                wait(Math.max(1, left / 1_000_000));
            }
            if (match.test(events.get(i))) {
                return i;
            }
        }
    }

    synchronized Event get(int index) {
        return events.get(index);
    }
}

package vn.communeradio.gateway.control;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;
import vn.communeradio.hal.clock.Ticker;

/**
 * The one thread that owns the station's state. Other threads (MQTT, sources, console, signals) never touch
 * state: they {@link #post} a task, and the loop runs tasks and timers one at a time, in order.
 *
 * <p>A task that throws is logged and the loop goes on: one bad message must not stop a station.
 *
 * <p>Timers run on an injected {@link Ticker}; a loop {@linkplain #drivenBy driven} by the calling thread turns only
 * when that thread asks ({@link #runDue}), so that unit tests move time by hand and see every step.
 */
public final class ControlLoop {

    /** Bound on waiting tasks: a flood of messages is refused and counted instead of exhausting the heap. */
    static final int CAPACITY = 10_000;

    /** The longest a timer waits: a hundred years. */
    static final Duration LONGEST_DELAY = Duration.ofDays(36_525);

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>(CAPACITY);
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastTurnNanos;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Ticker ticker;
    /** The thread that owns the state: the loop's own, or for a driven loop the one that drives it. */
    private final Thread thread;
    private final boolean driven;
    private volatile boolean running = true;
    private long timerSequence;

    /** A loop on the system's monotonic clock. */
    public ControlLoop() {
        this(Ticker.SYSTEM);
    }

    /** A loop of its own thread whose timers count on {@code ticker}. */
    public ControlLoop(Ticker ticker) {
        this(ticker, null);
    }

    private ControlLoop(Ticker ticker, Thread owner) {
        this.ticker = ticker;
        this.lastTurnNanos = new AtomicLong(ticker.nanos());
        this.driven = owner != null;
        this.thread = driven ? owner : new Thread(this::run, "control");
    }

    /**
     * A loop without a thread of its own: the calling thread owns it and turns it with {@link #runDue}, on
     * {@code ticker}'s time (a unit test's manual ticker).
     */
    public static ControlLoop drivenBy(Ticker ticker) {
        return new ControlLoop(ticker, Thread.currentThread());
    }

    public void start() {
        if (driven) {
            throw new IllegalStateException("a driven loop turns with runDue(), on the thread that drives it");
        }
        thread.start();
    }

    /** The clock its timers count on. */
    public Ticker ticker() {
        return ticker;
    }

    /**
     * Throws unless called on the loop's thread: the entry points of what the loop owns call it, so that a call
     * from another thread (Paho's, a source's, the console's) fails loudly instead of racing.
     */
    public void assertOnLoop() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("called on thread '" + Thread.currentThread().getName()
                    + "'; this belongs to the control loop: post() a task instead (docs/threads.md)");
        }
    }

    /**
     * Driven loops only, on their thread: runs the timers due by the ticker's now and the queued tasks (and what
     * they queue in turn), until nothing is due.
     */
    public void runDue() {
        if (!driven) {
            throw new IllegalStateException("only a driven loop is turned by hand");
        }
        assertOnLoop();
        Runnable task;
        do {
            runDueTimers();
            while ((task = tasks.poll()) != null) {
                runSafely(task);
            }
        } while (nextDueNanos() <= 0);
    }

    /** Nanoseconds until the next timer (0 when one is due), or {@link Long#MAX_VALUE} when none is set. */
    public long nextDueNanos() {
        Timer next;
        while ((next = timers.peek()) != null && next.cancelled) {
            timers.poll();
        }
        return next == null ? Long.MAX_VALUE : Math.max(0, next.deadline - ticker.nanos());
    }

    /** Queues a task for the loop; false (and counted) when the loop is full or stopped. Never blocks. */
    public boolean post(Runnable task) {
        if (!running || !tasks.offer(task)) {
            refused.incrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Runs {@code task} on the loop after {@code delay}; callable from the loop thread only. A delay beyond
     * {@link #LONGEST_DELAY} waits that long (a command may ask for a start centuries ahead; in nanoseconds that
     * would overflow, and no station runs that long).
     */
    public Timer schedule(Duration delay, Runnable task) {
        return addTimer(delay.compareTo(LONGEST_DELAY) > 0 ? LONGEST_DELAY.toNanos() : delay.toNanos(), 0, task);
    }

    /** Runs {@code task} every {@code period}, first after one period; callable from the loop thread only. */
    public Timer every(Duration period, Runnable task) {
        return addTimer(period.toNanos(), period.toNanos(), task);
    }

    private Timer addTimer(long delayNanos, long periodNanos, Runnable task) {
        assertOnLoop();
        Timer timer = new Timer(ticker.nanos() + delayNanos, periodNanos, timerSequence++, task);
        timers.add(timer);
        return timer;
    }

    /** Tasks refused because the queue was full or the loop stopped. */
    public long refused() {
        return refused.get();
    }

    /** Tasks that threw. */
    public long failures() {
        return failures.get();
    }

    /** How long since the loop last started a turn; a large value with work waiting means it is stuck. */
    public Duration sinceLastTurn() {
        return Duration.ofNanos(ticker.nanos() - lastTurnNanos.get());
    }

    /**
     * Where the loop thread is now, as the innermost frame of the station's own code ("Journal.append:120"), for
     * a report that it is stuck; empty when it is idle or stopped.
     */
    public String busyIn() {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith("vn.communeradio.")
                    && !frame.getClassName().startsWith(ControlLoop.class.getName())) {
                String cls = frame.getClassName();
                return cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethodName() + ":"
                        + frame.getLineNumber();
            }
        }
        return "";
    }

    /** Stops after the tasks already queued; waits for the loop to end. */
    public void stop(Duration timeout) throws InterruptedException {
        if (driven) {
            running = false;
            return;
        }
        if (Thread.currentThread() == thread) {
            running = false;
            return;
        }
        if (running) {
            tasks.offer(() -> running = false);
        }
        if (thread.isAlive() && !stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            Logger.error("control loop did not stop within {} ms", timeout.toMillis());
            thread.interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                lastTurnNanos.set(ticker.nanos());
                runDueTimers();
                Runnable task = tasks.poll(waitNanos(), TimeUnit.NANOSECONDS);
                if (task != null) {
                    runSafely(task);
                }
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                runSafely(task);
            }
        } catch (InterruptedException e) {
            Logger.warn("control loop interrupted; stopping");
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    private void runDueTimers() {
        long now = ticker.nanos();
        Timer timer;
        while ((timer = timers.peek()) != null && timer.deadline - now <= 0) {
            timers.poll();
            if (timer.cancelled) {
                continue;
            }
            runSafely(timer.task);
            if (timer.period > 0 && !timer.cancelled) {
                // from the previous deadline, not from now: a periodic timer keeps its rate
                timer.deadline += timer.period;
                timer.sequence = timerSequence++;
                timers.add(timer);
            }
        }
    }

    private long waitNanos() {
        Timer next = timers.peek();
        if (next == null) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        return Math.max(0, Math.min(TimeUnit.SECONDS.toNanos(1), next.deadline - ticker.nanos()));
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            failures.incrementAndGet();
            Logger.error(e, "control task failed; the station goes on");
        }
    }


    /** A pending timer; {@link #cancel()} from the loop thread. */
    public static final class Timer implements Comparable<Timer> {
        private final long period;
        private final Runnable task;
        private long deadline;
        private long sequence;
        private boolean cancelled;

        Timer(long deadline, long period, long sequence, Runnable task) {
            this.deadline = deadline;
            this.period = period;
            this.sequence = sequence;
            this.task = task;
        }

        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(deadline - other.deadline, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}

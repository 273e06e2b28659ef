package vn.communeradio.gateway.console;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import vn.communeradio.gateway.journal.LogRecord;
import vn.communeradio.gateway.json.Json;
import vn.communeradio.gateway.json.JsonException;

/**
 * Hands the acks of console-issued commands back to the console session that waits for them. The acks still go
 * to the broker like any other: central systems see a technician's test broadcast too. Console commands have ids
 * {@value #PREFIX}{@code <epoch ms>-<n>}, which is also how the journal tells a technician's action apart.
 */
public final class ConsoleAcks {

    public static final String PREFIX = LogRecord.CONSOLE_ID_PREFIX;
    private static final String MARK = "\"id\":\"" + PREFIX;
    /** Local announcements the console starts are watched here too (their ids are the announcements'). */
    private static final String LOCAL_MARK = "\"id\":\"" + LogRecord.LOCAL_ID_PREFIX;

    private final Map<String, BlockingQueue<Map<String, Object>>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    /** A new console command id. */
    public String newId(long nowMillis) {
        return PREFIX + nowMillis + "-" + counter.incrementAndGet();
    }

    /** Starts collecting the acks of {@code id}; {@link #forget} when done. */
    public Waiter watch(String id) {
        BlockingQueue<Map<String, Object>> queue = new LinkedBlockingQueue<>();
        waiting.put(id, queue);
        return new Waiter(id, queue);
    }

    /** Every ack the station sends passes here (control loop): cheap unless it is a console command's. */
    public void offer(String json) {
        if (waiting.isEmpty() || !(json.contains(MARK) || json.contains(LOCAL_MARK))) {
            return;
        }
        try {
            Map<String, Object> ack = Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
            BlockingQueue<Map<String, Object>> queue = waiting.get(String.valueOf(ack.get("id")));
            if (queue != null) {
                queue.add(ack);
            }
        } catch (JsonException e) {
            // the station writes its acks itself; an unparsable one cannot come here
        }
    }

    /** The acks of one console command, in order. */
    public final class Waiter implements AutoCloseable {
        private final String id;
        private final BlockingQueue<Map<String, Object>> queue;

        private Waiter(String id, BlockingQueue<Map<String, Object>> queue) {
            this.id = id;
            this.queue = queue;
        }

        public String id() {
            return id;
        }

        /** The next ack, or null when none came within {@code timeout}. */
        public Map<String, Object> next(Duration timeout) throws InterruptedException {
            return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            waiting.remove(id);
        }
    }
}

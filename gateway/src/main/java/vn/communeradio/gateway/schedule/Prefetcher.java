package vn.communeradio.gateway.schedule;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.tinylog.Logger;
import vn.communeradio.gateway.retry.Backoff;
import vn.communeradio.gateway.playback.SoundRequest;
import vn.communeradio.gateway.source.FileCache;
import vn.communeradio.gateway.source.SourceSettings;

/**
 * Fetches the files of upcoming {@code mode: file} items into the media cache on its own thread (never the
 * control loop), so that a schedule plays with no network. Failures are retried with backoff until they succeed
 * or the list of wanted files changes; a file the cache refuses (wrong size, live stream) is not retried.
 */
final class Prefetcher implements AutoCloseable {

    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(10);

    private final FileCache cache;
    private final SourceSettings settings;
    private final Thread thread;
    private List<SoundRequest> wanted = List.of();
    private long generation;
    private boolean closed;

    Prefetcher(FileCache cache, SourceSettings settings) {
        this.cache = cache;
        this.settings = settings;
        this.thread = new Thread(this::run, "schedule-prefetch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The files that should be in the cache now; any thread. A new list restarts the retries at once. */
    synchronized void want(List<SoundRequest> requests) {
        if (!requests.equals(wanted)) {
            wanted = List.copyOf(requests);
            generation++;
            notifyAll();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        thread.interrupt(); // a download in progress stops at its next read
    }

    private void run() {
        Backoff backoff = new Backoff(FIRST_RETRY, LONGEST_RETRY, RandomGenerator.getDefault());
        Set<SoundRequest> refused = new HashSet<>();
        long seen = -1;
        while (true) {
            List<SoundRequest> round;
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (generation != seen) {
                    seen = generation;
                    backoff.reset();
                    refused.clear();
                }
                round = wanted;
            }
            boolean allThere = true;
            for (SoundRequest request : round) {
                if (!refused.contains(request) && !fetch(request, refused)) {
                    allThere = false;
                }
            }
            synchronized (this) {
                // all there: wait for a new list; otherwise retry after the backoff, or at once on a new list
                long deadline = System.nanoTime() + (allThere ? Long.MAX_VALUE / 2 : backoff.next().toNanos());
                try {
                    while (!closed && generation == seen && deadline - System.nanoTime() > 0) {
                        TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
                    }
                } catch (InterruptedException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }
    }

    /** True when one of the request's sources is in the cache now. */
    private boolean fetch(SoundRequest request, Set<SoundRequest> refused) {
        String problem = null;
        for (String source : request.sources()) {
            URI uri = URI.create(source);
            if (!isHttp(uri)) {
                continue;
            }
            if (cache.cached(uri, request.sha256()).isPresent()) {
                return true;
            }
            try {
                cache.fetch(uri, request.sha256(), settings);
                Logger.info("schedule: {} fetched into the media cache ahead of its time", source);
                return true;
            } catch (FileCache.Unusable e) {
                Logger.error("schedule: {} cannot be cached: {}; the item will fail when it plays unless the "
                        + "file is fixed on the server", source, e.getMessage());
                refused.add(request);
                return false;
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            Logger.warn("schedule: cannot fetch {} ahead of its time ({}); retrying", request.primary(), problem);
        }
        return problem == null;
    }

    static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }
}

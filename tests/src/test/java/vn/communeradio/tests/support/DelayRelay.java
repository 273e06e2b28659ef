package vn.communeradio.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay that delays each direction's bytes by {@code delay ± jitter} (uniform), the latency half of a
 * cellular link: every chunk read is released {@code delay ± jitter} after it arrived, but never before the chunk
 * ahead of it (a byte stream cannot overtake itself), so jitter bunches chunks instead of reordering them, as
 * TCP's in-order delivery does with a network that reorders packets. Loss is not its business: see
 * {@link CellularLink}.
 */
public final class DelayRelay implements AutoCloseable {

    /** How much delay the relay really applied to each chunk, over both directions, in milliseconds. */
    public record Applied(long chunks, long bytes, long minMillis, double meanMillis, long maxMillis) {
    }

    /** Bounds what one direction holds (the sender then blocks, as on a full TCP window). */
    private static final int QUEUED_CHUNKS = 256;
    private static final byte[] END = new byte[0];

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final long jitterNanos;
    private final Random seeds;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final LongSummaryStatistics applied = new LongSummaryStatistics();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;
    private long bytes; // guarded by applied
    private volatile boolean closed;

    private DelayRelay(ServerSocket listener, InetSocketAddress target, Duration delay, Duration jitter, long seed) {
        this.listener = listener;
        this.target = target;
        this.delayNanos = delay.toNanos();
        this.jitterNanos = jitter.toNanos();
        this.seeds = new Random(seed);
        this.acceptor = new Thread(this::acceptLoop, "delay-relay-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address} (a free port) and relays each connection to {@code target}. */
    public static DelayRelay start(InetAddress address, InetSocketAddress target, Duration delay, Duration jitter,
                                   long seed) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, 0), 50);
        return new DelayRelay(socket, target, delay, jitter, seed);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    public Applied applied() {
        synchronized (applied) {
            return new Applied(applied.getCount(), bytes, applied.getCount() == 0 ? 0 : applied.getMin() / 1_000_000,
                    applied.getAverage() / 1e6, applied.getCount() == 0 ? 0 : applied.getMax() / 1_000_000);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket in = listener.accept();
                connections.incrementAndGet();
                Socket out = new Socket();
                track(in);
                track(out);
                try {
                    out.connect(target, 5_000);
                } catch (IOException e) {
                    // the far side is down: the client sees its connection closed, as through a NAT whose peer refused
                    closeQuietly(in);
                    closeQuietly(out);
                    continue;
                }
                for (Socket s : new Socket[] {in, out}) {
                    s.setTcpNoDelay(true); // the relay adds its delay, never Nagle's
                }
                long seed;
                synchronized (seeds) {
                    seed = seeds.nextLong();
                }
                AtomicInteger open = new AtomicInteger(2);
                Runnable halfClosed = () -> {
                    if (open.decrementAndGet() == 0) {
                        closeBoth(in, out);
                    }
                };
                pump(in, out, new Random(seed), "up", halfClosed);
                pump(out, in, new Random(~seed), "down", halfClosed);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("DelayRelay: accept failed: " + e);
                }
                return;
            }
        }
    }

    private void track(Socket s) {
        sockets.add(s);
        if (closed) {
            closeQuietly(s);
        }
    }

    /** One direction: a reader stamps each chunk with its release time, a writer sends it when that time comes. */
    private void pump(Socket from, Socket to, Random random, String direction, Runnable halfClosed) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            long lastRelease = 0;
            try {
                InputStream in = from.getInputStream();
                while (true) {
                    int n = in.read(buffer);
                    long now = System.nanoTime();
                    long delay = delayNanos + (long) ((random.nextDouble() * 2 - 1) * jitterNanos);
                    long release = Math.max(lastRelease, now + delay);
                    lastRelease = release;
                    Chunk chunk = new Chunk(n < 0 ? END : Arrays.copyOf(buffer, n), now, release);
                    while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                        if (to.isClosed()) {
                            return; // the writer gave up on a broken connection
                        }
                    }
                    if (n < 0) {
                        return;
                    }
                }
            } catch (IOException e) {
                closeBoth(from, to);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "delay-relay-" + direction + "-read");
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = queue.take();
                    long wait;
                    while ((wait = chunk.release - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait); // emulating latency, not synchronising
                    }
                    if (chunk.bytes == END) {
                        to.shutdownOutput(); // a half-close travels with the same delay as the data before it
                        halfClosed.run();
                        return;
                    }
                    out.write(chunk.bytes);
                    out.flush();
                    synchronized (applied) {
                        applied.accept(System.nanoTime() - chunk.arrived);
                        bytes += chunk.bytes.length;
                    }
                }
            } catch (IOException e) {
                closeBoth(from, to);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "delay-relay-" + direction + "-write");
        for (Thread t : new Thread[] {reader, writer}) {
            t.setDaemon(true);
            t.start();
        }
    }

    private record Chunk(byte[] bytes, long arrived, long release) {
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops accepting and ends every relayed connection. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(DelayRelay::closeQuietly);
        sockets.clear();
    }
}

package vn.communeradio.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.text.Normalizer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A loopback HTTP(S) server playing the stream servers a station meets: files with a Content-Length, chunked
 * bodies, live Icecast/SHOUTcast streams paced in real time (optionally a little fast or slow) with ICY
 * metadata, and their faults: stalls, drops, garbage, error statuses, redirects, a path going down and up.
 *
 * <pre>{@code
 * try (StreamServer server = StreamServer.start()) {
 *     server.serve("/live.mp3", Reply.live(mp3).paced(128_000 / 8).speed(1.01).loopFrom(headerLength)
 *             .icy(8192, "Bản tin sáng", "Nhạc"));
 *     URI uri = server.uri("/live.mp3");
 *     ...
 *     server.down("/live.mp3", Down.CLOSE);          // open connections on it are closed too
 *     server.awaitConnections("/live.mp3", 3, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * Binds 127.0.0.1 on a free port; one thread per connection; {@link #close()} ends every connection. Routes can
 * be replaced, and paths taken down or up, at any time from the test thread. Nothing here sleeps to synchronise:
 * tests wait with {@link #awaitConnections}.
 */
public final class StreamServer implements AutoCloseable {

    /** How a path that is {@link #down} treats a request. */
    public enum Down {
        /** Answers "503 Service Unavailable" (Icecast with the mount's source gone). */
        REFUSE_503,
        /** Closes the connection at once without answering (a crashed or restarting server). */
        CLOSE,
        /** Resets the connection (TCP RST) without answering, as a host whose server process is gone does. */
        RESET
    }

    /** One request as the server received it. */
    public record Request(String method, String target, Map<String, String> headers, List<String> serverNames) {
        /** A header by its lowercased name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final int MAX_REQUEST_HEADER = 16 * 1024;

    private final ServerSocket listener;
    private final String scheme;
    private final Thread acceptor;
    private final Map<String, Reply> routes = new ConcurrentHashMap<>();
    private final Map<String, Down> downPaths = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> notModified = new ConcurrentHashMap<>();
    private final Map<String, List<Spell>> spells = new ConcurrentHashMap<>();
    private final Map<String, Request> lastRequests = new ConcurrentHashMap<>();
    private final Map<String, Long> firstAudio = new ConcurrentHashMap<>();
    private final Map<Socket, String> open = new ConcurrentHashMap<>();
    private final Object countChanged = new Object();
    private final Map<String, CountDownLatch> pauses = new ConcurrentHashMap<>();
    private final Set<String> resumed = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private StreamServer(ServerSocket listener, String scheme) {
        this.listener = listener;
        this.scheme = scheme;
        this.acceptor = new Thread(this::acceptLoop, "stream-server-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A plain HTTP server on 127.0.0.1 and a free port. */
    public static StreamServer start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        return new StreamServer(socket, "http");
    }

    /** An HTTPS server on 127.0.0.1 and a free port, with the key and certificate of {@code context}. */
    public static StreamServer startTls(SSLContext context) throws IOException {
        ServerSocket socket = context.getServerSocketFactory().createServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        return new StreamServer(socket, "https");
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:port/path} (https for a TLS server); {@code path} starts with '/'. */
    public URI uri(String path) {
        return uri("127.0.0.1", path);
    }

    /** The same with another host name that reaches loopback, e.g. "localhost" (for certificate names). */
    public URI uri(String host, String path) {
        return URI.create(scheme + "://" + host + ":" + port() + path);
    }

    /** Answers requests for {@code path} (query ignored) with {@code reply} from now on; unknown paths get 404. */
    public StreamServer serve(String path, Reply reply) {
        routes.put(path, reply);
        resumed.remove(path);
        return this;
    }

    /** Lets the connections of {@code path} that {@link Reply#pauseAfter} holds go on, now and until the next serve. */
    public void resume(String path) {
        resumed.add(path);
        CountDownLatch gate = pauses.remove(path);
        if (gate != null) {
            gate.countDown();
        }
    }

    private void pause(String path) throws IOException {
        CountDownLatch gate = pauses.computeIfAbsent(path, p -> new CountDownLatch(1));
        if (resumed.contains(path) || closed) {
            return; // resumed after the computeIfAbsent above: the gate may already be gone
        }
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Takes {@code path} down: open connections on it are closed, new ones treated as {@code how} says. */
    public void down(String path, Down how) {
        downPaths.put(path, how);
        open.forEach((socket, p) -> {
            if (p.equals(path)) {
                closeQuietly(socket);
            }
        });
    }

    /** Serves {@code path} again. */
    public void up(String path) {
        downPaths.remove(path);
    }

    /** Requests received for {@code path} so far, whatever their answer. */
    public int connections(String path) {
        AtomicInteger count = counts.get(path);
        return count == null ? 0 : count.get();
    }

    /** Requests for {@code path} answered 304 Not Modified (a cache asking whether its copy is current). */
    public int notModified(String path) {
        AtomicInteger count = notModified.get(path);
        return count == null ? 0 : count.get();
    }

    /** Waits until {@code path} has had at least {@code n} requests; AssertionError after {@code timeout}. */
    public void awaitConnections(String path, int n, Duration timeout) throws InterruptedException {
        await(n + " requests for " + path, () -> connections(path), n, timeout);
    }

    /** A quiet spell ({@link Reply#hiccupEvery}) by {@link System#nanoTime()}: from its first silent instant on. */
    public record Spell(long startNanos, long endNanos) {
    }

    /** Quiet spells ({@link Reply#hiccupEvery}) {@code path}'s streams have ended so far. */
    public int hiccups(String path) {
        return spells(path).size();
    }

    /** The quiet spells {@code path}'s streams have ended so far, oldest first. */
    public List<Spell> spells(String path) {
        List<Spell> ended = spells.get(path);
        if (ended == null) {
            return List.of();
        }
        synchronized (ended) {
            return List.copyOf(ended);
        }
    }

    /** Waits until {@code path}'s streams have ended at least {@code n} quiet spells. */
    public void awaitHiccups(String path, int n, Duration timeout) throws InterruptedException {
        await(n + " hiccups of " + path, () -> hiccups(path), n, timeout);
    }

    private void spellEnded(String path, Spell spell) {
        List<Spell> ended = spells.computeIfAbsent(path, p -> new ArrayList<>());
        synchronized (ended) {
            ended.add(spell);
        }
        synchronized (countChanged) {
            countChanged.notifyAll();
        }
    }

    private void await(String what, java.util.function.IntSupplier count, int n, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (countChanged) {
            while (count.getAsInt() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + what + " within " + timeout + ", got " + count.getAsInt());
                }
                countChanged.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void counted(Map<String, AtomicInteger> counts, String path) {
        counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        synchronized (countChanged) {
            countChanged.notifyAll();
        }
    }

    /**
     * {@link System#nanoTime()} just after the first audio bytes of a live stream on {@code path} were handed to
     * the socket (the first connection's), or null: the start of a latency measurement.
     */
    public Long firstAudioNanos(String path) {
        return firstAudio.get(path);
    }

    /** The last request for {@code path}, or null. */
    public Request lastRequest(String path) {
        return lastRequests.get(path);
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        open.keySet().forEach(StreamServer::closeQuietly);
        pauses.values().forEach(CountDownLatch::countDown);
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                Thread t = new Thread(() -> handle(socket), "stream-server-conn-" + port());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("StreamServer: accept failed: " + e);
                }
                return;
            }
        }
    }

    private void handle(Socket socket) {
        open.put(socket, "");
        try (socket) {
            if (closed) {
                return;
            }
            Request request = readRequest(socket);
            if (request == null) {
                return;
            }
            String path = request.target().split("\\?", 2)[0];
            open.put(socket, path);
            lastRequests.put(path, request);
            counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            synchronized (countChanged) {
                countChanged.notifyAll();
            }
            Down down = downPaths.get(path);
            Reply reply = routes.get(path);
            if (down == Down.CLOSE) {
                return;
            }
            if (down == Down.RESET) {
                socket.setSoLinger(true, 0);
                return;
            }
            if (down == Down.REFUSE_503) {
                reply = Reply.status(503, "Service Unavailable");
            } else if (reply == null) {
                reply = Reply.status(404, "Not Found");
            }
            if (reply.current(request)) {
                notModified.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                reply = reply.notModified();
            }
            boolean icy = reply.metaint > 0 && "1".equals(request.header("icy-metadata"));
            new Response(reply, socket, icy, () -> pause(path),
                    () -> firstAudio.putIfAbsent(path, System.nanoTime()), spell -> spellEnded(path, spell)).send();
        } catch (IOException e) {
            // the client went away, or the test closed us: both are normal for a stream server
        } finally {
            open.remove(socket);
        }
    }

    private static Request readRequest(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            int c = in.read();
            if (c < 0 || ++total > MAX_REQUEST_HEADER) {
                return null;
            }
            if (c == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                String l = line.substring(0, end);
                line.setLength(0);
                if (l.isEmpty()) {
                    break;
                }
                lines.add(l);
            } else {
                line.append((char) c);
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        String[] first = lines.get(0).split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
            }
        }
        List<String> names = new ArrayList<>();
        if (socket instanceof SSLSocket ssl && ssl.getSession() instanceof ExtendedSSLSession session) {
            for (SNIServerName name : session.getRequestedServerNames()) {
                names.add(name instanceof SNIHostName host ? host.getAsciiName() : name.toString());
            }
        }
        return new Request(first[0], first.length > 1 ? first[1] : "/", Collections.unmodifiableMap(headers),
                List.copyOf(names));
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    /**
     * What a path answers. Immutable: every method returns a changed copy, so one reply can serve many paths.
     * Byte counts in faults ({@link #stallAfter}, {@link #dropAfter}) are of the body as the client's HTTP layer
     * sees it: audio plus ICY metadata, without chunk framing.
     */
    public static final class Reply {
        private enum Kind { SIZED, CHUNKED, LIVE, STATUS, RAW, ENDLESS_HEADER }

        private Kind kind;
        private int status = 200;
        private String reason = "OK";
        private byte[] data = new byte[0];
        private int chunkSize = 4096;
        private double bytesPerSecond;
        private double speed = 1.0;
        private int loopFrom;
        private boolean once;
        private long burst;
        private int metaint;
        private List<String> titles = List.of();
        private Charset icyCharset = StandardCharsets.UTF_8;
        private boolean icyStatusLine;
        private Map<String, String> headers = new LinkedHashMap<>();
        private long stallAfter = -1;
        private long dropAfter = -1;
        private long pauseAfter = -1;
        private long hiccupEvery = -1;
        private long hiccupMillis;
        private long garbageAt = -1;
        private int garbageLength;

        private Reply(Kind kind) {
            this.kind = kind;
        }

        private Reply copy() {
            Reply r = new Reply(kind);
            r.status = status;
            r.reason = reason;
            r.data = data;
            r.chunkSize = chunkSize;
            r.bytesPerSecond = bytesPerSecond;
            r.speed = speed;
            r.loopFrom = loopFrom;
            r.once = once;
            r.burst = burst;
            r.metaint = metaint;
            r.titles = titles;
            r.icyCharset = icyCharset;
            r.icyStatusLine = icyStatusLine;
            r.headers = new LinkedHashMap<>(headers);
            r.stallAfter = stallAfter;
            r.dropAfter = dropAfter;
            r.pauseAfter = pauseAfter;
            r.hiccupEvery = hiccupEvery;
            r.hiccupMillis = hiccupMillis;
            r.garbageAt = garbageAt;
            r.garbageLength = garbageLength;
            return r;
        }

        /** {@code body} with a Content-Length (audio/mpeg unless {@link #contentType} says otherwise). */
        public static Reply sized(byte[] body) {
            Reply r = new Reply(Kind.SIZED);
            r.data = body.clone();
            r.headers.put("Content-Type", "audio/mpeg");
            return r;
        }

        /** {@code body} chunked in chunks of {@code chunkSize} bytes, ended by the zero-size last chunk. */
        public static Reply chunked(byte[] body, int chunkSize) {
            Reply r = sized(body);
            r.kind = Kind.CHUNKED;
            r.chunkSize = chunkSize;
            return r;
        }

        /**
         * A live stream without length: {@code audio} from its first byte, then again and again from
         * {@link #loopFrom} on, as fast as the client takes it unless {@link #paced}; never ends unless
         * {@link #once} or a fault ends it.
         */
        public static Reply live(byte[] audio) {
            if (audio.length == 0) {
                throw new IllegalArgumentException("a live stream needs some audio to loop");
            }
            Reply r = sized(audio);
            r.kind = Kind.LIVE;
            r.headers.put("icy-name", "StreamServer test stream");
            return r;
        }

        /** Random bytes (fixed seed) with a Content-Length: what a decoder must refuse, never play. */
        public static Reply garbage(int length) {
            byte[] noise = new byte[length];
            new Random(42).nextBytes(noise);
            return sized(noise).contentType("audio/mpeg");
        }

        /** A status (404, 503...) with a short text body. */
        public static Reply status(int code, String reason) {
            Reply r = new Reply(Kind.STATUS);
            r.status = code;
            r.reason = reason;
            r.data = (code + " " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
            r.headers.put("Content-Type", "text/plain");
            return r;
        }

        /** A redirect (301, 302, 303, 307, 308) to {@code location}, absolute or relative. */
        public static Reply redirect(int code, String location) {
            return status(code, code == 301 ? "Moved Permanently" : "Found").header("Location", location);
        }

        /** {@code bytes} written as they are instead of an HTTP response, then a close (a server that is not HTTP). */
        public static Reply raw(byte[] bytes) {
            Reply r = new Reply(Kind.RAW);
            r.data = bytes.clone();
            return r;
        }

        /** "200 OK", then header fields without end, as fast as the client reads them, until it closes. */
        public static Reply endlessHeader() {
            return new Reply(Kind.ENDLESS_HEADER);
        }

        /** Paces a live stream at {@code bytesPerSecond} of audio (CBR MP3: bitrate / 8). */
        public Reply paced(double bytesPerSecond) {
            Reply r = copy();
            r.bytesPerSecond = bytesPerSecond;
            return r;
        }

        /** Runs the pacing clock {@code factor} times as fast: 1.01 is a sender 1% fast, 0.99 one 1% slow. */
        public Reply speed(double factor) {
            Reply r = copy();
            r.speed = factor;
            return r;
        }

        /** Loops a live stream from {@code offset} on (so a test can skip a file header after the first pass). */
        public Reply loopFrom(int offset) {
            if (offset < 0 || offset >= data.length) {
                throw new IllegalArgumentException("loop offset outside the audio: " + offset);
            }
            Reply r = copy();
            r.loopFrom = offset;
            return r;
        }

        /** Sends a live stream's audio once, then closes: a response without length that ends (a drop). */
        public Reply once() {
            Reply r = copy();
            r.once = true;
            return r;
        }

        /** Sends the first {@code bytes} of a paced stream at once, as Icecast's burst-on-connect does. */
        public Reply burst(long bytes) {
            Reply r = copy();
            r.burst = bytes;
            return r;
        }

        /**
         * Interleaves ICY metadata every {@code metaint} audio bytes, for clients that send "Icy-MetaData: 1".
         * Block k carries {@code StreamTitle='titles[k % n]';} when that differs from block k-1's title, else it
         * is empty (length byte 0), as Icecast does; no titles: every block empty.
         */
        public Reply icy(int metaint, String... titles) {
            if (metaint <= 0) {
                throw new IllegalArgumentException("metaint must be positive");
            }
            Reply r = copy();
            r.metaint = metaint;
            r.titles = List.of(titles);
            r.headers.put("icy-metaint", Integer.toString(metaint));
            return r;
        }

        /** Encodes titles in {@code charset} (e.g. windows-1258, as old Vietnamese encoders do); UTF-8 by default. */
        public Reply icyCharset(Charset charset) {
            Reply r = copy();
            r.icyCharset = charset;
            return r;
        }

        /** Answers with SHOUTcast v1's "ICY 200 OK" status line instead of "HTTP/1.1 200 OK". */
        public Reply icyStatusLine() {
            Reply r = copy();
            r.icyStatusLine = true;
            return r;
        }

        /**
         * True when {@code request} is conditional and names this reply's version: its If-None-Match is the
         * reply's ETag header, or its If-Modified-Since the reply's Last-Modified (compared as text: the test's
         * dates are the server's own).
         */
        boolean current(Request request) {
            String etag = headers.get("ETag");
            String lastModified = headers.get("Last-Modified");
            return etag != null && etag.equals(request.header("if-none-match"))
                    || lastModified != null && lastModified.equals(request.header("if-modified-since"));
        }

        /** The 304 Not Modified answer to a conditional request for this reply's version. */
        Reply notModified() {
            StringBuilder head = new StringBuilder("HTTP/1.1 304 Not Modified\r\n");
            for (String name : List.of("ETag", "Last-Modified")) {
                if (headers.containsKey(name)) {
                    head.append(name).append(": ").append(headers.get(name)).append("\r\n");
                }
            }
            return raw(head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        }

        /** Adds (or replaces) a response header field; an ETag or Last-Modified is answered as a server would. */
        public Reply header(String name, String value) {
            Reply r = copy();
            r.headers.put(name, value);
            return r;
        }

        public Reply contentType(String type) {
            return header("Content-Type", type);
        }

        /** After {@code bytes} body bytes, sends nothing more but keeps the connection open (a stall). */
        public Reply stallAfter(long bytes) {
            Reply r = copy();
            r.stallAfter = bytes;
            return r;
        }

        /** After {@code bytes} body bytes, closes the connection (an early close, a dropped stream). */
        public Reply dropAfter(long bytes) {
            Reply r = copy();
            r.dropAfter = bytes;
            return r;
        }

        /** After {@code bytes} body bytes, waits until the test calls {@link StreamServer#resume} for the path. */
        public Reply pauseAfter(long bytes) {
            Reply r = copy();
            r.pauseAfter = bytes;
            return r;
        }

        /**
         * Every {@code bytes} body bytes the sender goes quiet for {@code quiet}, then (paced) sends what it held
         * back at once: a late network, a lost TCP segment waiting for its retransmission.
         */
        public Reply hiccupEvery(long bytes, Duration quiet) {
            Reply r = copy();
            r.hiccupEvery = bytes;
            r.hiccupMillis = quiet.toMillis();
            return r;
        }

        /** Replaces audio bytes {@code offset .. offset+length-1} (counted from the stream's start) with noise. */
        public Reply garbageAt(long offset, int length) {
            Reply r = copy();
            r.garbageAt = offset;
            r.garbageLength = length;
            return r;
        }

        /** The first {@code n} audio bytes this reply sends, loops and garbage included, metadata excluded. */
        public byte[] audio(int n) {
            if (kind != Kind.LIVE && n > data.length) {
                throw new IllegalArgumentException("this reply has only " + data.length + " bytes of audio");
            }
            byte[] out = new byte[n];
            for (int filled = 0; filled < n; ) {
                filled += audioAt(filled, out, filled, n - filled);
            }
            return out;
        }

        /** Copies up to {@code max} audio bytes at stream position {@code position}; returns how many. */
        private int audioAt(long position, byte[] into, int off, int max) {
            int index = position < data.length ? (int) position
                    : loopFrom + (int) ((position - data.length) % (data.length - loopFrom));
            int n = Math.min(max, data.length - index);
            System.arraycopy(data, index, into, off, n);
            if (garbageLength > 0) {
                long start = Math.max(position, garbageAt);
                long end = Math.min(position + n, garbageAt + garbageLength);
                for (long p = start; p < end; p++) {
                    into[off + (int) (p - position)] = (byte) (p * 0x9E3779B1L >>> 24);
                }
            }
            return n;
        }

        /**
         * Windows-1258 has the Vietnamese letters with vowel marks (â, ơ, ư...) but writes tones as combining
         * marks after them, as a legacy encoder does: "ẩ" is "â" + U+0309. Other charsets get the text as it is.
         */
        private String legacyForm(String text) {
            if (!icyCharset.name().equalsIgnoreCase("windows-1258")) {
                return text;
            }
            CharsetEncoder encoder = icyCharset.newEncoder();
            StringBuilder out = new StringBuilder();
            for (char c : Normalizer.normalize(text, Normalizer.Form.NFC).toCharArray()) {
                String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
                if (encoder.canEncode(c) || decomposed.length() < 2) {
                    out.append(c);
                } else {
                    String base = decomposed.substring(0, decomposed.length() - 1);
                    out.append(Normalizer.normalize(base, Normalizer.Form.NFC)).append(decomposed.charAt(decomposed.length() - 1));
                }
            }
            return out.toString();
        }

        /** The metadata block that follows the {@code k}th metaint of audio. */
        private byte[] metadataBlock(long k) {
            if (titles.isEmpty()) {
                return new byte[1];
            }
            String title = titles.get((int) (k % titles.size()));
            String previous = k == 0 ? null : titles.get((int) ((k - 1) % titles.size()));
            if (title.equals(previous)) {
                return new byte[1];
            }
            byte[] text = ("StreamTitle='" + legacyForm(title) + "';").getBytes(icyCharset);
            int blocks = (text.length + 15) / 16;
            if (blocks > 255) {
                throw new IllegalArgumentException("ICY title too long for one metadata block: " + title);
            }
            byte[] block = new byte[1 + blocks * 16];
            block[0] = (byte) blocks;
            System.arraycopy(text, 0, block, 1, text.length);
            return block;
        }
    }

    /** Writes one reply to one connection. */
    private static final class Response {
        /** Blocks until the test resumes the path. */
        interface Gate {
            void pause() throws IOException;
        }

        private final Reply reply;
        private final Gate gate;
        private final Runnable firstAudioSent;
        private final Consumer<Spell> hiccupped;
        private boolean paused;
        private final Socket socket;
        private final OutputStream out;
        private final boolean icy;
        private long bodyBytes;
        private long audioBytes;
        private long blocks;

        Response(Reply reply, Socket socket, boolean icy, Gate gate, Runnable firstAudioSent, Consumer<Spell> hiccupped)
                throws IOException {
            this.reply = reply;
            this.gate = gate;
            this.hiccupped = hiccupped;
            this.firstAudioSent = firstAudioSent;
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.icy = icy;
        }

        void send() throws IOException {
            if (reply.kind == Reply.Kind.RAW) {
                out.write(reply.data);
                out.flush();
                return;
            }
            if (reply.kind == Reply.Kind.ENDLESS_HEADER) {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\n".getBytes(StandardCharsets.US_ASCII));
                for (long n = 0; ; n++) { // ends when the client closes: the write throws
                    out.write(("X-Padding-" + n + ": " + "x".repeat(64) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            byte[] payload = reply.kind == Reply.Kind.LIVE ? null : staticPayload();
            out.write(head(payload).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (payload != null) {
                int piece = reply.kind == Reply.Kind.CHUNKED ? reply.chunkSize : 8192;
                for (int off = 0; off < payload.length; off += piece) {
                    body(payload, off, Math.min(piece, payload.length - off));
                }
                if (reply.kind == Reply.Kind.CHUNKED) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                if (reply.kind == Reply.Kind.STATUS || reply.kind == Reply.Kind.SIZED) {
                    socket.shutdownOutput(); // "Connection: close": the body is whole, the client sees EOF next
                    drainUntilClientCloses();
                }
                return;
            }
            live();
        }

        private String head(byte[] payload) {
            StringBuilder h = new StringBuilder(reply.icyStatusLine ? "ICY 200 OK\r\n"
                    : "HTTP/1.1 " + reply.status + " " + reply.reason + "\r\n");
            reply.headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("icy-metaint") || icy) {
                    h.append(name).append(": ").append(value).append("\r\n");
                }
            });
            if (reply.kind == Reply.Kind.CHUNKED) {
                h.append("Transfer-Encoding: chunked\r\n");
            } else if (payload != null) {
                h.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            return h.append("Connection: close\r\n\r\n").toString();
        }

        /** A static body with its metadata interleaved, so that Content-Length counts every byte. */
        private byte[] staticPayload() {
            byte[] audio = reply.data.length == 0 ? new byte[0] : reply.audio(reply.data.length);
            if (!icy) {
                return audio;
            }
            ByteArrayOutputStream withMetadata = new ByteArrayOutputStream();
            for (int off = 0; off < audio.length; off += reply.metaint) {
                int n = Math.min(reply.metaint, audio.length - off);
                withMetadata.write(audio, off, n);
                if (n == reply.metaint) {
                    withMetadata.writeBytes(reply.metadataBlock(blocks++));
                }
            }
            return withMetadata.toByteArray();
        }

        private void live() throws IOException {
            byte[] buffer = new byte[8192];
            long total = reply.once ? reply.data.length : Long.MAX_VALUE;
            long start = System.nanoTime();
            while (audioBytes < total) {
                long due = Math.min(total, reply.bytesPerSecond <= 0 ? Long.MAX_VALUE
                        : reply.burst + (long) ((System.nanoTime() - start) / 1e9 * reply.bytesPerSecond * reply.speed));
                if (due <= audioBytes) {
                    // pacing the sender, not synchronising a test: wake often enough for a smooth byte rate
                    sleepMillis(5);
                    continue;
                }
                int n = (int) Math.min(due - audioBytes, buffer.length);
                n = reply.audioAt(audioBytes, buffer, 0, n);
                audio(buffer, n);
                out.flush();
                if (audioBytes == n) {
                    firstAudioSent.run();
                }
            }
        }

        /** Audio bytes of a live stream, with a metadata block after each metaint of them. */
        private void audio(byte[] buffer, int n) throws IOException {
            int off = 0;
            while (off < n) {
                int take = icy ? (int) Math.min(n - off, reply.metaint - audioBytes % reply.metaint) : n - off;
                body(buffer, off, take);
                audioBytes += take;
                off += take;
                if (icy && audioBytes % reply.metaint == 0) {
                    byte[] block = reply.metadataBlock(blocks++);
                    body(block, 0, block.length);
                }
            }
        }

        /** Writes body bytes, honouring the faults and chunk framing. */
        private void body(byte[] b, int off, int len) throws IOException {
            long boundary = reply.hiccupEvery > 0 ? (bodyBytes / reply.hiccupEvery + 1) * reply.hiccupEvery : -1;
            if (boundary > 0 && bodyBytes + len > boundary) {
                int before = (int) (boundary - bodyBytes);
                body(b, off, before);
                out.flush();
                long quiet = System.nanoTime();
                sleepMillis(reply.hiccupMillis); // the network's quiet spell: a measured duration, not a wait
                hiccupped.accept(new Spell(quiet, System.nanoTime()));
                body(b, off + before, len - before);
                return;
            }
            if (reply.pauseAfter >= 0 && !paused && bodyBytes + len > reply.pauseAfter) {
                int before = (int) (reply.pauseAfter - bodyBytes);
                body(b, off, before);
                out.flush();
                paused = true;
                gate.pause();
                body(b, off + before, len - before);
                return;
            }
            long limit = Math.min(reply.stallAfter < 0 ? Long.MAX_VALUE : reply.stallAfter,
                    reply.dropAfter < 0 ? Long.MAX_VALUE : reply.dropAfter);
            int n = (int) Math.min(len, limit - bodyBytes);
            if (n > 0) {
                if (reply.kind == Reply.Kind.CHUNKED) {
                    for (int o = off; o < off + n; o += reply.chunkSize) {
                        int c = Math.min(reply.chunkSize, off + n - o);
                        out.write((Integer.toHexString(c) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(b, o, c);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } else {
                    out.write(b, off, n);
                }
                bodyBytes += n;
            }
            if (bodyBytes >= limit) {
                out.flush();
                if (reply.stallAfter >= 0 && bodyBytes >= reply.stallAfter) {
                    drainUntilClientCloses(); // silent, connection open: a stall
                }
                throw new IOException("fault injected: connection ends here");
            }
        }

        /** Blocks until the client (or {@link StreamServer#close}) closes the connection. */
        private void drainUntilClientCloses() throws IOException {
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[1024];
            while (in.read(sink) >= 0) {
                // requests after ours are ignored: one response per connection
            }
        }

        private static void sleepMillis(long millis) throws IOException {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }
}

package vn.communeradio.hal.audio;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackBufferSizeCallback;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackProcessCallback;
import org.jaudiolibs.jnajack.JackStatus;
import org.jaudiolibs.jnajack.JackXrunCallback;
import org.tinylog.Logger;

/**
 * Plays through a JACK client with two output ports ({@code out_1}, {@code out_2}) and, when it has an input,
 * capture ports {@code in_1..in_N} on the same client, read in the same process callback and handed to the
 * renderer with the period it fills; JACK's process thread is the clock. Never starts a server; when the server
 * goes away it keeps re-opening the client until the server is back.
 */
public final class JackAudioOutput implements AudioOutput {

    private static final String[] PORT_NAMES = {"out_1", "out_2"};
    private static final String INPUT_PREFIX = "in_";
    private static final int CHANNELS = 2;
    private static final long RETRY_FIRST_MS = 100;
    private static final long RETRY_MAX_MS = 1_000;

    private final String clientName;
    private final String serverName;
    private final List<String> connectTo;
    private final CaptureLayout capture;
    private final List<String> captureFrom;
    private final Counters counters = new Counters();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile boolean closed;
    private volatile String lastError;
    private volatile OutputFormat format;
    /** Bit i set: capture port in_(i+1) is connected to no port (refreshed by the supervisor every second). */
    private volatile int unconnectedInputs;
    private AudioRenderer renderer;
    private Session session;
    private Thread supervisor;

    /**
     * @param serverName JACK server name ({@code jackd -n}), null or blank for the default server
     * @param connectTo  ports to connect to: entry i gets channel i mod 2 (left, right, left, ...); empty for the
     *                   first two physical playback ports
     */
    public JackAudioOutput(String clientName, String serverName, List<String> connectTo) {
        this(clientName, serverName, connectTo, CaptureLayout.NONE, List.of());
    }

    /**
     * @param capture     the capture ports: {@code in_1..in_N} for its N channels, none for {@link CaptureLayout#NONE}
     * @param captureFrom ports connected to the capture ports: entry i feeds {@code in_(i+1)}; empty for the first N
     *                    physical capture ports
     */
    public JackAudioOutput(String clientName, String serverName, List<String> connectTo, CaptureLayout capture,
                           List<String> captureFrom) {
        this.clientName = Objects.requireNonNull(clientName, "clientName");
        this.serverName = serverName == null || serverName.isBlank() ? null : serverName.strip();
        this.connectTo = List.copyOf(connectTo);
        this.capture = Objects.requireNonNull(capture, "capture");
        this.captureFrom = List.copyOf(captureFrom);
        if (this.captureFrom.size() > capture.channels()) {
            throw new IllegalArgumentException(this.captureFrom.size() + " ports to capture from, but only "
                    + capture.channels() + " capture ports (" + capture.describe() + ")");
        }
    }

    @Override
    public synchronized void start(AudioRenderer renderer) throws AudioOutputException {
        if (closed) {
            throw new IllegalStateException(description() + " is closed");
        }
        if (this.renderer != null) {
            throw new IllegalStateException(description() + " already started");
        }
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        try {
            session = new Session();
        } catch (AudioOutputException e) {
            this.renderer = null;
            lastError = e.getMessage();
            throw e;
        }
        running = true;
        supervisor = new Thread(this::supervise, "jack-reconnect");
        supervisor.setDaemon(true);
        supervisor.start();
        Logger.info("{} started, ports {}", description(), session.portNames());
    }

    @Override
    public OutputFormat format() {
        OutputFormat f = format;
        if (f == null) {
            throw new IllegalStateException(description() + " not started");
        }
        return f;
    }

    @Override
    public AudioOutputStats stats() {
        return new AudioOutputStats(running, counters.callbacks.get(), counters.frames.get(), counters.xruns.get(),
                counters.reconnects.get(), counters.renderFailures.count(), lastError);
    }

    @Override
    public CaptureLayout capture() {
        return capture;
    }

    @Override
    public boolean inputConnected(int channel) {
        return channel < 1 || channel > capture.channels() || (unconnectedInputs & (1 << (channel - 1))) == 0;
    }

    /** The capture port's full name: under the live client's name when a client is open, else the configured one. */
    @Override
    public String inputName(int channel) {
        Session s;
        synchronized (this) {
            s = session;
        }
        String port = capturePort(channel - 1);
        return s == null ? clientName + ":" + port : s.ours(port);
    }

    @Override
    public String inputSource(int channel) {
        return channel >= 1 && channel <= captureFrom.size() ? captureFrom.get(channel - 1) : null;
    }

    /** The JACK client's name: its ports are {@code NAME:out_1}, {@code NAME:in_1} and so on. */
    public String clientName() {
        return clientName;
    }

    @Override
    public String description() {
        OutputFormat f = format;
        return "jack (server '" + serverLabel() + "', client '" + clientName + "'"
                + (f == null ? "" : ", " + f.sampleRate() + " Hz, " + f.periodFrames() + " frames")
                + (capture.captures() ? ", input " + capture.describe() : "") + ")";
    }

    @Override
    public void close() {
        Thread sup;
        Session s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            sup = supervisor;
            s = session;
            session = null;
        }
        wake.release();
        if (sup != null) {
            try {
                sup.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (s != null && !s.lost) {
            s.close();
        }
        Logger.info("{} closed", description());
    }

    private static String capturePort(int index) {
        return INPUT_PREFIX + (index + 1);
    }

    private String serverLabel() {
        if (serverName != null) {
            return serverName;
        }
        String env = System.getenv("JACK_DEFAULT_SERVER");
        return env == null || env.isBlank() ? "default" : env;
    }

    /** Runs on a JACK notification thread, which must not be held up: flags and wakes, the supervisor acts. */
    private void serverLost(Session s) {
        s.lost = true;
        running = false;
        lastError = "JACK server '" + serverLabel() + "' stopped; reconnecting";
        wake.release();
    }

    /**
     * Supervisor thread, once a second or when woken: re-opens the client after a server loss, makes connections
     * to late ports, and reports renderer failures (which the process thread may only count).
     */
    private void supervise() {
        while (!closed) {
            try {
                wake.tryAcquire(RETRY_MAX_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            reportRenderFailures();
            Session s;
            synchronized (this) {
                s = session;
            }
            if (s != null && s.lost) {
                reconnect(s);
            } else if (s != null) {
                // a technician's jack_connect or jack_disconnect, or a port at the other end that went away, shows
                // here; a planned connection that went away is made again as soon as its port is back
                boolean lost = s.readConnections();
                if (lost || s.connectionProblem != null) {
                    String before = s.connectionProblem;
                    s.connectPending();
                    if (!Objects.equals(before, s.connectionProblem)) {
                        lastError = s.connectionProblem;
                    }
                    s.readConnections();
                }
            }
        }
    }

    private void reportRenderFailures() {
        String problem = counters.renderFailures.report(this::description);
        if (problem != null) {
            lastError = problem;
        }
    }

    /**
     * The dead client is not closed: libjack2 frees every client of a dead server itself, at the next client
     * open anywhere in the process, and a jack_client_close after that is a use-after-free (SIGSEGV, seen with
     * a second client in the process). It is kept reachable until that first open attempt has freed it.
     */
    private void reconnect(Session dead) {
        Logger.warn("JACK server '{}' stopped; reconnecting every {} ms", serverLabel(), RETRY_MAX_MS);
        long t0 = System.nanoTime();
        synchronized (this) {
            if (session == dead) {
                session = null;
            }
        }
        long delay = RETRY_FIRST_MS;
        for (int attempt = 1; !closed; attempt++) {
            // wait first: right after the loss notification the old server may still be accepting clients
            wake.drainPermits();
            try {
                wake.tryAcquire(delay, TimeUnit.MILLISECONDS); // close() releases it to end the wait early
            } catch (InterruptedException e) {
                return;
            }
            delay = Math.min(delay * 2, RETRY_MAX_MS);
            if (closed) {
                return;
            }
            try {
                Session fresh = new Session();
                synchronized (this) {
                    if (closed) {
                        fresh.close();
                        return;
                    }
                    session = fresh;
                }
                counters.reconnects.incrementAndGet();
                running = true;
                Logger.info("{} reconnected after {} ms ({} attempts), ports {}", description(),
                        (System.nanoTime() - t0) / 1_000_000, attempt, fresh.portNames());
                return;
            } catch (AudioOutputException e) {
                lastError = "JACK server '" + serverLabel() + "' stopped; reconnecting";
                Logger.debug("JACK reconnect attempt {}: {}", attempt, e.getMessage());
            } finally {
                // libjack has now freed the dead client; its callbacks may be collected
                Reference.reachabilityFence(dead);
            }
        }
    }

    /**
     * @param external the end that is not this client's: the one that may be missing
     * @param ours     this client's end
     */
    private record Connection(String source, String target, String external, Pointer ours) {
    }

    /** Lock-free counters, shared by the successive clients of one output so that they survive a reconnect. */
    private static final class Counters {
        final AtomicLong callbacks = new AtomicLong();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong xruns = new AtomicLong();
        final AtomicLong reconnects = new AtomicLong();
        final RenderFailures renderFailures = new RenderFailures();
    }

    /** One JACK client for one run of the server: opened, ports registered, activated, connected. */
    private final class Session {
        private final JackClient client;
        private final Pointer handle;
        private final List<Connection> pending = new ArrayList<>();
        /** Entry i: the planned connection feeding in_(i+1), null where no source is known. */
        private final Connection[] feeds = new Connection[capture.channels()];
        /** The planned connections from out_1 and out_2. */
        private final List<Connection> playback = new ArrayList<>();
        private Pointer[] outputPorts;
        private final Set<Connection> reported = new HashSet<>();
        volatile boolean lost;
        volatile String connectionProblem;
        private String missingPorts;
        private Pointer[] inputPorts;

        /** Opens and activates; on failure nothing is left open. */
        Session() throws AudioOutputException {
            client = openClient();
            try {
                handle = clientHandle(client);
                Pointer[] ports = new Pointer[CHANNELS];
                for (int i = 0; i < CHANNELS; i++) {
                    ports[i] = register(PORT_NAMES[i], true);
                }
                Pointer[] inputs = new Pointer[capture.channels()];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = register(capturePort(i), false);
                }
                inputPorts = inputs;
                outputPorts = ports;
                int sampleRate = client.getSampleRate();
                int bufferSize = client.getBufferSize();
                format = new OutputFormat(sampleRate, CHANNELS, bufferSize);
                // the server's rate, whatever the configuration says: before activate, so before any period
                renderer.prepare(format);
                Processor processor = new Processor(renderer, counters, ports, inputs, capture, bufferSize,
                        frames -> format = new OutputFormat(sampleRate, CHANNELS, frames));
                client.onShutdown(c -> serverLost(this));
                client.setProcessCallback(processor);
                client.setBuffersizeCallback(processor);
                client.setXrunCallback(processor);
                client.activate();
                planConnections();
                connectPending();
                readConnections();
                lastError = connectionProblem;
            } catch (JackException | RuntimeException e) {
                client.close();
                throw new AudioOutputException("JACK server '" + serverLabel() + "': cannot set up client '"
                        + client.getName() + "': " + e, e);
            } catch (AudioOutputException e) {
                client.close();
                throw e;
            }
        }

        private Pointer register(String name, boolean output) throws AudioOutputException {
            Pointer port = JackNative.register(handle, name, output);
            if (port == null) {
                // jackd refuses a port when it holds its maximum (jackd -p; the package's JACK_PORT_MAX), or when
                // this client already has one of that name: the first is the one a technician can fix
                throw new AudioOutputException("JACK server '" + serverLabel() + "' refused to register port "
                        + ours(name) + " (is it at its port maximum? jackd -p, JACK_PORT_MAX in "
                        + "/etc/default/commune-radio-jack; 'jack_lsp' lists the ports it has)");
            }
            return port;
        }

        private JackClient openClient() throws AudioOutputException {
            Jack jack;
            try {
                jack = Jack.getInstance();
                if (serverName != null) {
                    // JNAJack has no server-name option; libjack reads this variable on every client open
                    selectServer(serverName);
                }
            } catch (JackException | LinkageError e) {
                throw new AudioOutputException("JACK output: libjack cannot be loaded (" + e.getMessage()
                        + "); install libjack-jackd2-0", e);
            } catch (RuntimeException e) {
                throw new AudioOutputException("JACK output: cannot select server '" + serverName + "': " + e, e);
            }
            EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
            try {
                // never start a server: the station does not own jackd, and a missing one must fail at once
                return jack.openClient(clientName,
                        EnumSet.of(JackOptions.JackNoStartServer, JackOptions.JackUseExactName), status);
            } catch (JackException e) {
                throw new AudioOutputException(openFailure(status), e);
            }
        }

        private String openFailure(EnumSet<JackStatus> status) {
            String server = serverLabel();
            if (status.contains(JackStatus.JackNameNotUnique)) {
                return "JACK client name '" + clientName + "' is already taken on server '" + server
                        + "'; is another instance running?";
            }
            if (status.contains(JackStatus.JackVersionError)) {
                return "JACK server '" + server + "' speaks another protocol version than libjack; "
                        + "install jackd2 and libjack-jackd2-0 from the same release";
            }
            if (status.contains(JackStatus.JackServerFailed) || status.contains(JackStatus.JackServerError)) {
                return "JACK server '" + server + "' is not running; start it (jackd -n " + server
                        + " ...) or check the configured server name";
            }
            return "JACK server '" + server + "' refused client '" + clientName + "': " + status;
        }

        private void planConnections() throws JackException {
            List<String> targets = connectTo;
            if (targets.isEmpty()) {
                targets = physical(JackPortFlags.JackPortIsInput, CHANNELS);
                if (targets.isEmpty()) {
                    noPhysicalPorts("has no physical playback ports; configure the ports to connect to");
                }
            }
            for (int i = 0; i < targets.size(); i++) {
                playback.add(new Connection(ours(PORT_NAMES[i % CHANNELS]), targets.get(i), targets.get(i),
                        outputPorts[i % CHANNELS]));
            }
            pending.addAll(playback);
            List<String> sources = captureFrom;
            if (sources.isEmpty() && capture.captures()) {
                sources = physical(JackPortFlags.JackPortIsOutput, capture.channels());
                if (sources.size() < capture.channels()) {
                    noPhysicalPorts("has " + sources.size() + " physical capture ports, the input needs "
                            + capture.channels() + " (" + capture.describe() + "); run the server duplex (its "
                            + "ALSA backend without -P) or configure the ports to capture from");
                }
            }
            for (int i = 0; i < sources.size(); i++) {
                feeds[i] = new Connection(sources.get(i), ours(capturePort(i)), sources.get(i), inputPorts[i]);
                pending.add(feeds[i]);
            }
        }

        /** The first {@code count} physical ports of one direction: IsInput for playback, IsOutput for capture. */
        private List<String> physical(JackPortFlags direction, int count) throws JackException {
            String[] ports = Jack.getInstance().getPorts(client, null, JackPortType.AUDIO,
                    EnumSet.of(direction, JackPortFlags.JackPortIsPhysical));
            return List.of(ports).subList(0, Math.min(count, ports.length));
        }

        private void noPhysicalPorts(String what) {
            String problem = "JACK server '" + serverLabel() + "' " + what;
            missingPorts = missingPorts == null ? problem : missingPorts + "; " + problem;
            Logger.warn(problem);
        }

        /**
         * Connects what is not connected yet. A missing port is reported, not fatal, and retried: a USB sound
         * card or a recorder may register its ports after this client.
         */
        void connectPending() {
            String problem = null;
            for (Iterator<Connection> it = pending.iterator(); it.hasNext(); ) {
                Connection c = it.next();
                int rc = JackNative.jack_connect(handle, c.source(), c.target());
                if (rc == 0 || rc == JackNative.EEXIST) {
                    it.remove();
                    if (reported.remove(c)) {
                        Logger.info("JACK: connected {} to {}", c.source(), c.target());
                    }
                    continue;
                }
                boolean playback = c.external().equals(c.target());
                String why = JackNative.jack_port_by_name(handle, c.external()) == null ? "no such port"
                        : "JACK refused (is it an audio " + (playback ? "input" : "output") + " port?)";
                problem = "cannot connect " + c.source() + " to " + c.target() + " on JACK server '"
                        + serverLabel() + "': '" + c.external() + "': " + why + "; retrying every second";
                if (reported.add(c)) {
                    Logger.warn(problem);
                }
            }
            // physical ports the server lacks stay a problem for this run: no retry makes them appear
            connectionProblem = missingPorts == null ? problem
                    : problem == null ? missingPorts : missingPorts + "; " + problem;
        }

        /**
         * Which capture ports no port feeds now ({@link #inputConnected}), and which planned connections went away
         * since they were made: those go back to {@link #pending}. A client at the other end that restarted (a
         * sense microphone's, a bridge to an amplifier's card) takes its connections with it, and its ports come
         * back under the same names. A capture port a technician fed from another source is left as it is.
         *
         * @return whether a connection went back to pending
         */
        boolean readConnections() {
            int unconnected = 0;
            boolean repended = false;
            for (int i = 0; i < inputPorts.length; i++) {
                if (JackNative.jack_port_connected(inputPorts[i]) <= 0) {
                    unconnected |= 1 << i;
                    repended |= feeds[i] != null && repend(feeds[i]);
                }
            }
            unconnectedInputs = unconnected;
            for (Connection c : playback) {
                if (JackNative.jack_port_connected_to(c.ours(), c.external()) <= 0) {
                    repended |= repend(c);
                }
            }
            return repended;
        }

        private boolean repend(Connection c) {
            if (pending.contains(c)) {
                return false;
            }
            pending.add(c);
            return true;
        }

        List<String> portNames() {
            List<String> names = new ArrayList<>();
            for (String port : PORT_NAMES) {
                names.add(ours(port));
            }
            for (int i = 0; i < capture.channels(); i++) {
                names.add(ours(capturePort(i)));
            }
            return names;
        }

        /**
         * The full name of this client's port {@code port} ({@code out_1}, {@code in_2}): under the name JACK gave
         * the client, which is the one other clients connect by.
         */
        String ours(String port) {
            return client.getName() + ":" + port;
        }

        /** Only while the server runs: see {@link #reconnect}. */
        void close() {
            client.deactivate();
            client.close();
        }
    }

    /**
     * The real-time part, on JACK's process thread: copies each capture port into the preallocated capture, renders
     * into a preallocated interleaved buffer with it, and copies each channel into its port. Allocates nothing,
     * takes no lock, logs nothing and never throws: a callback that fails makes JACK drop the client.
     */
    private static final class Processor implements JackProcessCallback, JackBufferSizeCallback, JackXrunCallback {

        /** The largest period JACK offers; a larger one is handled by the buffer-size callback. */
        private static final int MAX_FRAMES = 8192;

        private final AudioRenderer renderer;
        private final Counters counters;
        private final Pointer[] ports;
        private final Pointer[] inputs;
        private final CaptureLayout layout;
        private final IntConsumer onBufferSize;
        private final MovablePointer out = new MovablePointer();
        private volatile Buffers buffers;

        Processor(AudioRenderer renderer, Counters counters, Pointer[] ports, Pointer[] inputs, CaptureLayout layout,
                  int bufferSize, IntConsumer onBufferSize) {
            this.renderer = renderer;
            this.counters = counters;
            this.ports = ports;
            this.inputs = inputs;
            this.layout = layout;
            this.onBufferSize = onBufferSize;
            this.buffers = new Buffers(Math.max(MAX_FRAMES, bufferSize), layout);
        }

        @Override
        public boolean process(JackClient client, int frames) {
            Buffers b = buffers;
            try {
                render(b, frames);
            } catch (Throwable t) {
                // a period too large for the buffers, a port gone: the renderer's own failures are caught inside
                counters.renderFailures.failed();
                silence(frames);
            }
            counters.callbacks.incrementAndGet();
            counters.frames.addAndGet(frames);
            return true;
        }

        private void render(Buffers b, int frames) {
            if (frames > b.capacity) {
                // cannot happen once buffersizeChanged has run; the caller plays silence
                throw b.tooSmall;
            }
            for (int c = 0; c < inputs.length; c++) {
                out.moveTo(JackNative.portBuffer(inputs[c], frames));
                out.read(0, b.capture.channel(c + 1), 0, frames);
            }
            b.capture.frames(frames);
            counters.renderFailures.render(renderer, b.interleaved, frames, frames * CHANNELS, b.capture);
            for (int c = 0; c < CHANNELS; c++) {
                for (int i = 0, j = c; i < frames; i++, j += CHANNELS) {
                    b.channel[i] = b.interleaved[j];
                }
                out.moveTo(JackNative.portBuffer(ports[c], frames));
                out.write(0, b.channel, 0, frames);
            }
        }

        private void silence(int frames) {
            try {
                for (Pointer port : ports) {
                    out.moveTo(JackNative.portBuffer(port, frames));
                    out.setMemory(0, frames * (long) Float.BYTES, (byte) 0); // 0.0f is all zero bits
                }
            } catch (Throwable ignored) {
                // nothing more can be done on this thread, and the failure is already counted
            }
        }

        /** On a JACK notification thread, before periods of the new size arrive: allocating is allowed here. */
        @Override
        public void buffersizeChanged(JackClient client, int frames) {
            if (frames > buffers.capacity) {
                buffers = new Buffers(frames, layout);
            }
            onBufferSize.accept(frames);
        }

        @Override
        public void xrunOccured(JackClient client) {
            counters.xruns.incrementAndGet();
        }

        /** Swapped as one object so that the process thread never sees buffers of different sizes. */
        private static final class Buffers {
            final int capacity;
            final float[] interleaved;
            final float[] channel;
            final Capture capture;
            /** Preallocated: nothing on the process thread may allocate, not even a failure. */
            final IllegalStateException tooSmall = new IllegalStateException("period larger than the buffers");

            Buffers(int capacity, CaptureLayout layout) {
                this.capacity = capacity;
                this.interleaved = new float[capacity * CHANNELS];
                this.channel = new float[capacity];
                this.capture = new Capture(layout, capacity);
            }
        }
    }

    /** A pointer re-aimed at each period's port buffer, so that writing there creates no object. */
    private static final class MovablePointer extends Pointer {
        MovablePointer() {
            super(0);
        }

        void moveTo(long address) {
            peer = address;
        }
    }

    /**
     * The few libjack calls made outside JNAJack. JNAJack's dispatch fetches every port registered through it as
     * a new JNA Pointer each period (48 bytes per period for two ports, measured); ports registered here are
     * invisible to it, and their buffers are fetched as a plain address through direct mapping.
     */
    private static final class JackNative {
        static final int EEXIST = 17;
        /** A 32-bit pointer comes back in the low word of the 64-bit return value (ARM EABI, x86). */
        private static final long ADDRESS_MASK = Native.POINTER_SIZE == 8 ? -1L : 0xFFFF_FFFFL;

        static {
            Native.register(JackNative.class, JackLibrary.INSTANCE);
        }

        private JackNative() {
        }

        static native Pointer jack_port_register(Pointer client, String name, String type, NativeLong flags,
                                                 NativeLong bufferSize);

        static native Pointer jack_port_by_name(Pointer client, String name);

        static native int jack_connect(Pointer client, String source, String destination);

        /** How many ports {@code port} is connected to. */
        static native int jack_port_connected(Pointer port);

        /** 1 if {@code port} is connected to the port named {@code portName}. */
        static native int jack_port_connected_to(Pointer port, String portName);

        private static native long jack_port_get_buffer(Pointer port, int frames);

        static long portBuffer(Pointer port, int frames) {
            return jack_port_get_buffer(port, frames) & ADDRESS_MASK;
        }

        static Pointer register(Pointer client, String name, boolean output) {
            JackPortFlags flag = output ? JackPortFlags.JackPortIsOutput : JackPortFlags.JackPortIsInput;
            return jack_port_register(client, name, JackPortType.AUDIO.getTypeString(),
                    new NativeLong(flag.getIntValue()), new NativeLong(0));
        }
    }

    /** JNAJack keeps the native client handle package-private; written against JNAJack 1.4.0. */
    private static Pointer clientHandle(JackClient client) throws AudioOutputException {
        try {
            Field field = JackClient.class.getDeclaredField("clientPtr");
            field.setAccessible(true);
            return ((PointerType) field.get(client)).getPointer();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AudioOutputException("JACK output: this JNAJack version hides the native client handle "
                    + "(field clientPtr); the output is written for JNAJack 1.4.0", e);
        }
    }

    /** libjack, named here: no class the process thread runs may hold a string constant (see RealTimeClassesTest). */
    private static final class JackLibrary {
        static final NativeLibrary INSTANCE = NativeLibrary.getInstance("jack");

        private JackLibrary() {
        }
    }

    /** Only to select the JACK server: the JDK cannot change its own process environment. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int setenv(String name, String value, int overwrite);
    }

    /** Points libjack at a server for every client opened afterwards in this process (the setting is global). */
    static void selectServer(String serverName) {
        if (LibC.INSTANCE.setenv("JACK_DEFAULT_SERVER", serverName, 1) != 0) {
            throw new IllegalStateException("setenv JACK_DEFAULT_SERVER failed");
        }
    }
}

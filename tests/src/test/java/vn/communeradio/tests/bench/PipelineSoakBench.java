package vn.communeradio.tests.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import vn.communeradio.gateway.audio.CallbackTimer;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.playback.StreamVoice;
import vn.communeradio.hal.audio.JackAudioOutput;
import vn.communeradio.hal.audio.JackServer;
import vn.communeradio.tests.support.JackRecorder;
import vn.communeradio.tests.support.Pipeline;
import vn.communeradio.tests.support.ProcessStats;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.TestAudio;

/**
 * The whole audio pipeline for a long while, as a station plays a live stream: a private jackd (dummy backend,
 * 48 kHz, the given period), a live 128 kbps 44.1 kHz stereo music-like MP3 paced over loopback HTTP, Sounds,
 * Mixer and {@link JackAudioOutput}, a second JACK client listening. Prints callback durations, xruns, underruns,
 * the JVM's allocation rate, GC count and pauses, and the latency from the first byte sent to the first sound
 * heard. Not a test: run it by hand, with the JVM flags to compare in BENCH_JAVA_OPTS.
 *
 * <pre>tests/bench.sh PipelineSoakBench SECONDS PERIOD_FRAMES [--busy] [--speed FACTOR] [--full-gc-every SECONDS]
 *     [--retain-mb MB]
 * BENCH_JAVA_OPTS="-XX:+UseSerialGC -Xmx64m -Xss256k" tests/bench.sh PipelineSoakBench 120 256 --busy
 * tests/bench.sh PipelineSoakBench 3600 256 --speed 1.001</pre>
 * {@code --busy} spins a thread for the whole run, so that the decoder and JACK share the other core with it.
 * {@code --speed} runs the sender's clock that much fast (1.001: 0.1%, a bad but real crystal), to show that the
 * drift control holds the buffer at its target over the run: the buffer's range in steady state is reported.
 * {@code --full-gc-every} runs a full, stop-the-world collection that often in steady state and prints each pause
 * with the xruns, underruns and callbacks around it ({@link FullGcProbe}); {@code --retain-mb} holds that many MB of
 * small live objects for the whole run ({@link RetainedHeap}), so that the collection has a station's old
 * generation to mark and move, not only the bench's own (5.5-6.0 MB after a full collection).
 */
public final class PipelineSoakBench {

    private static final int RATE = 48_000;
    /** The shipped default jitter buffer: the latency figure is the one a station has out of the box. */
    private static final Duration BUFFER = Duration.ofMillis(Integer.parseInt(
            ConfigKeys.STREAM_BUFFER_MS.defaultText()));
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Start-up (connect, buffer fill, JIT warm-up) is reported apart from the steady state. */
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    private static volatile long spins;

    private PipelineSoakBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PipelineSoakBench SECONDS PERIOD_FRAMES [--busy] [--speed FACTOR] "
                    + "[--full-gc-every SECONDS] [--retain-mb MB]");
            System.exit(2);
        }
        Duration run = Duration.ofSeconds(Long.parseLong(args[0]));
        int period = Integer.parseInt(args[1]);
        List<String> options = Arrays.asList(args);
        boolean busy = options.contains("--busy");
        double speed = Double.parseDouble(option(args, "--speed", "1.0"));
        long fullGcEvery = Long.parseLong(option(args, "--full-gc-every", "0"));
        int retainMb = Integer.parseInt(option(args, "--retain-mb", "0"));
        RetainedHeap retained = RetainedHeap.of(retainMb);
        GcWatch gc = new GcWatch();

        Path dir = Files.createTempDirectory("pipeline-soak");
        byte[] mp3 = Files.readAllBytes(TestAudio.mp3CbrLoopable(TestAudio.musicWav(dir, "music.wav", 30, 44_100),
                128));
        try (JackServer jack = JackServer.start(period); StreamServer server = StreamServer.start()) {
            server.serve("/live.mp3", Reply.live(mp3).paced(128_000 / 8.0).speed(speed));
            JackAudioOutput output = new JackAudioOutput("soak", jack.name(), List.of("soak-rec:in_1",
                    "soak-rec:in_2"));
            try (Pipeline pipeline = new Pipeline(output, BUFFER, Files.createDirectories(dir.resolve("cache")));
                 JackRecorder recorder = new JackRecorder("soak-rec", 0)) {
                Pipeline.await("output connected to the recorder", WAIT, () -> output.stats().lastError() == null,
                        output::stats);
                if (busy) {
                    Thread spinner = new Thread(() -> {
                        while (true) {
                            spins++;
                        }
                    }, "busy");
                    spinner.setDaemon(true);
                    spinner.start();
                }
                System.out.printf("pipeline soak: %s, %d s, sender clock x%.4f, jackd %s, %s; JVM %s %s; load "
                                + "average %s%n", output.description(), run.toSeconds(), speed,
                        jack.realtime() ? "real-time (SCHED_FIFO)" : "--no-realtime",
                        busy ? "a spinning thread loading a core" : "no other load",
                        ManagementFactory.getRuntimeMXBean().getInputArguments(), gc.names(),
                        ProcessStats.loadAverage());
                if (fullGcEvery > 0 || retainMb > 0) {
                    System.out.printf("full GC (System.gc()) every %s in steady state; retained live objects: "
                                    + "%d MB asked, %.1f MB measured, %d objects%n",
                            fullGcEvery > 0 ? fullGcEvery + " s" : "never", retainMb,
                            retained.bytes() / 1024.0 / 1024, retained.objects());
                }

                StreamVoice voice = pipeline.play(server.uri("/live.mp3"));
                Pipeline.await("sound heard", WAIT, recorder::heardSound, () -> pipeline.events() + ", "
                        + output.stats());
                long latency = recorder.firstSoundNanos() - server.firstAudioNanos("/live.mp3");
                Thread.sleep(WARM_UP.toMillis()); // warm-up, excluded from the steady-state figures

                Snapshot start = Snapshot.take(pipeline, voice, gc);
                long t0 = System.nanoTime();
                long end = t0 + run.toNanos();
                long nextProgress = t0 + PROGRESS_EVERY.toNanos();
                FullGcProbe probe = new FullGcProbe(new FullGcProbe.Counters(() -> output.stats().xruns(),
                        voice::underruns, () -> output.stats().callbacks(),
                        () -> pipeline.mixer().timer().maxNanos()), RATE, period);
                long nextGc = fullGcEvery > 0 ? t0 + Duration.ofSeconds(fullGcEvery).toNanos() : Long.MAX_VALUE;
                Range buffer = new Range();
                while (System.nanoTime() < end) {
                    Thread.sleep(Math.min(SAMPLE_EVERY.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                    buffer.add(voice.bufferedFrames() * 1000.0 / RATE);
                    long left = end - System.nanoTime();
                    if (System.nanoTime() >= nextGc && left > FullGcProbe.SETTLE_MILLIS * 1_000_000) {
                        probe.collect();
                        nextGc += Duration.ofSeconds(fullGcEvery).toNanos();
                    }
                    if (System.nanoTime() < nextProgress) {
                        continue;
                    }
                    nextProgress += PROGRESS_EVERY.toNanos();
                    System.out.printf("  %4.0f s: buffer %d ms, drift %.5f, xruns %d, underruns %d, max callback "
                                    + "%d µs, process thread allocated %d bytes since start; load %s%n",
                            (System.nanoTime() - t0) / 1e9, voice.bufferedFrames() * 1000L / RATE,
                            voice.driftFactor(), output.stats().xruns(), voice.underruns(),
                            pipeline.mixer().timer().maxNanos() / 1000, threadBytes(pipeline.callbackThread()),
                            ProcessStats.loadAverage());
                }
                Snapshot stop = Snapshot.take(pipeline, voice, gc);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long recorderBytes = threadBytes(recorder.thread());
                report(pipeline, voice, start, stop, seconds, latency, period, recorderBytes, recorder);
                System.out.printf("  buffer in steady state, sampled each second: min %.0f ms, mean %.0f ms, max %.0f ms "
                        + "(sender clock x%.4f)%n", buffer.min, buffer.sum / buffer.count, buffer.max, speed);
                probe.report(stop.xruns - start.xruns, stop.underruns - start.underruns, seconds);
                System.out.printf("  load average at the end %s%n", ProcessStats.loadAverage());
                Reference.reachabilityFence(retained);
            }
        }
    }

    /** The value after {@code name} in the arguments, or {@code otherwise} if it is not there. */
    private static String option(String[] args, String name, String otherwise) {
        int at = Arrays.asList(args).indexOf(name);
        return at >= 0 && at + 1 < args.length ? args[at + 1] : otherwise;
    }

    private static void report(Pipeline pipeline, StreamVoice voice, Snapshot a, Snapshot b, double seconds,
                               long latencyNanos, int period, long recorderBytes, JackRecorder recorder) {
        CallbackTimer t = pipeline.mixer().timer();
        double periodUs = period * 1e6 / RATE;
        long callbacks = b.callbacks - a.callbacks;
        System.out.printf("%nRESULT period %d frames (%.2f ms), %.0f s steady state, %d callbacks%n", period,
                periodUs / 1000, seconds, callbacks);
        System.out.printf("  callback (Mixer.timer, whole run incl. start-up): p50 %d µs, p99 %d µs, p99.9 %d µs, "
                        + "max %d µs (%.1f%% of the period)%n", t.percentileNanos(0.5) / 1000,
                t.percentileNanos(0.99) / 1000, t.percentileNanos(0.999) / 1000, t.maxNanos() / 1000,
                100 * t.maxNanos() / 1000.0 / periodUs);
        System.out.printf("  xruns (JACK): %d steady, %d since start; underruns (StreamVoice): %d steady, %d since "
                + "start; session events %s%n", b.xruns - a.xruns, b.xruns, b.underruns - a.underruns, b.underruns,
                pipeline.events());
        System.out.printf("  allocation: whole JVM %.1f KB/s (live threads), JACK process thread of the output %d "
                        + "bytes in %d callbacks; recorder thread (JNAJack ports, test only) %d bytes since start%n",
                (b.jvmBytes - a.jvmBytes) / 1024.0 / seconds, b.outputThreadBytes - a.outputThreadBytes, callbacks,
                recorderBytes);
        System.out.printf("  GC (steady state): %d collections, %d ms total; longest pause %d ms (whole run); heap used now %d "
                        + "KB%n", b.gcCount - a.gcCount, b.gcMillis - a.gcMillis, b.gcLongest,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024);
        System.out.printf("  latency: first byte sent -> first sound at the JACK recorder %d ms (buffer target %d ms)%n",
                latencyNanos / 1_000_000, BUFFER.toMillis());
        System.out.printf("  drift factor %.5f, buffer %d ms, process CPU %.0f%% of one core%n", voice.driftFactor(),
                voice.bufferedFrames() * 1000L / RATE, 100 * (b.cpuNanos - a.cpuNanos) / 1e9 / seconds);
    }

    private static long threadBytes(long id) {
        return id < 0 ? -1 : threads().getThreadAllocatedBytes(id);
    }

    private static com.sun.management.ThreadMXBean threads() {
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    /** Smallest, largest and sum of the samples. */
    private static final class Range {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum;
        long count;

        void add(double value) {
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
            count++;
        }
    }

    /** Counters at one instant. */
    private record Snapshot(long callbacks, long xruns, long underruns, long jvmBytes, long outputThreadBytes,
                            long gcCount, long gcMillis, long gcLongest, long cpuNanos) {

        static Snapshot take(Pipeline p, StreamVoice voice, GcWatch gc) {
            var threads = threads();
            // threads that end take their counts with them; in steady state the pipeline's threads all live on
            long jvm = Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0)
                    .sum();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Snapshot(p.output().stats().callbacks(), p.output().stats().xruns(), voice.underruns(), jvm,
                    threads.getThreadAllocatedBytes(p.callbackThread()), gc.count(), gc.millis(), gc.longest(),
                    os.getProcessCpuTime());
        }
    }

    /** Collections and their durations, from the GC notifications (the longest pause is not in the MXBeans). */
    private static final class GcWatch {
        private final AtomicLong longest = new AtomicLong();
        private final List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();

        GcWatch() {
            for (GarbageCollectorMXBean bean : beans) {
                ((NotificationEmitter) bean).addNotificationListener((n, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                        longest.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
                    }
                }, null, null);
            }
        }

        long count() {
            return beans.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        }

        long millis() {
            return beans.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        }

        long longest() {
            return longest.get();
        }

        List<String> names() {
            return beans.stream().map(GarbageCollectorMXBean::getName).toList();
        }
    }
}

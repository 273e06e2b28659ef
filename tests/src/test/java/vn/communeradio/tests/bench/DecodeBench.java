package vn.communeradio.tests.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import vn.communeradio.gateway.decode.Decoder;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.tests.support.NativeDecoders;
import vn.communeradio.tests.support.TestAudio;

/**
 * Decoding speed (× real time, one thread, warm) and allocation per audio second of our MP3 (libmpg123), Opus
 * (libopus) and WAV decoders, beside the native tools (mpg123, ffmpeg, opusdec) on the same files. Allocation is
 * given in all (opening the decoder included) and in steady state (the reads after the open). Not a test: run it
 * by hand.
 *
 * <pre>tests/bench.sh DecodeBench [rounds]</pre>
 */
public final class DecodeBench {

    private static final double SECONDS = 60;

    private DecodeBench() {
    }

    /**
     * Figures of one decoder over the rounds; for a process, {@code startupMs} is what starting it costs (its
     * version command), and the × real time figures leave it out.
     */
    private record Figures(String name, double medianX, double bestX, double bytesPerAudioSecond,
            double steadyBytesPerAudioSecond, double startupMs) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("decode-bench");
        Path wav = TestAudio.musicWav(dir, "music.wav", SECONDS, 44100);
        Path mp3 = TestAudio.mp3Cbr(wav, 128);
        Path opus = TestAudio.opus(wav, 64, 1);
        System.out.printf("files: %.0f s stereo 44.1 kHz music-like (chord, beat, noise): MP3 128 kbps %d KB, "
                + "Opus 64 kbps %d KB; %d rounds after 2 warm-up%n", SECONDS, Files.size(mp3) / 1024,
                Files.size(opus) / 1024, rounds);

        Decoders decoders = NativeDecoders.load();
        List<Figures> ours = List.of(ours(decoders, "ours mp3 (libmpg123)", mp3, rounds),
                ours(decoders, "ours opus (libopus)", opus, rounds), ours(decoders, "ours wav", wav, rounds));
        double mpg123Start = startupMs(rounds, "mpg123", "--version");
        double ffmpegStart = startupMs(rounds, "ffmpeg", "-version");
        double opusdecStart = startupMs(rounds, "opusdec", "--version");
        List<Figures> natives = List.of(
                process("mpg123 -t", rounds, mpg123Start, "mpg123", "-q", "-t", mp3.toString()),
                process("ffmpeg mp3 -f null", rounds, ffmpegStart, "ffmpeg", "-nostdin", "-loglevel", "error",
                        "-i", mp3.toString(), "-f", "null", "-"),
                process("opusdec", rounds, opusdecStart, "opusdec", "--quiet", opus.toString(), "/dev/null"),
                process("ffmpeg opus -f null", rounds, ffmpegStart, "ffmpeg", "-nostdin", "-loglevel", "error",
                        "-i", opus.toString(), "-f", "null", "-"),
                // the same library as ours: ffmpeg's libopus decoder instead of its own
                process("ffmpeg libopus -f null", rounds, ffmpegStart, "ffmpeg", "-nostdin", "-loglevel", "error",
                        "-c:a", "libopus", "-i", opus.toString(), "-f", "null", "-"));

        System.out.printf("%n%-24s %12s %12s %22s %18s%n", "decoder", "median ×RT", "best ×RT",
                "allocated/audio s", "of it after open");
        for (Figures f : ours) {
            System.out.printf("%-24s %12.0f %12.0f %19.1f KB %16.1f B%n", f.name, f.medianX, f.bestX,
                    f.bytesPerAudioSecond / 1024, f.steadyBytesPerAudioSecond);
        }
        for (Figures f : natives) {
            System.out.printf("%-24s %12.0f %12.0f %22s%n", f.name, f.medianX, f.bestX,
                    String.format("- (start %.0f ms)", f.startupMs));
        }
        System.out.printf("%nratios (median): ours mp3 / mpg123 %.2f, ours mp3 / ffmpeg %.2f, ours opus / opusdec "
                + "%.2f, ours opus / ffmpeg %.2f, ours opus / ffmpeg libopus %.2f%n(native figures leave out "
                + "starting the process, measured with its version command)%n",
                ours.get(0).medianX / natives.get(0).medianX, ours.get(0).medianX / natives.get(1).medianX,
                ours.get(1).medianX / natives.get(2).medianX, ours.get(1).medianX / natives.get(3).medianX,
                ours.get(1).medianX / natives.get(4).medianX);
    }

    private static Figures ours(Decoders decoders, String name, Path file, int rounds) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        float[] out = new float[Decoder.MAX_FRAMES * 2];
        double[] x = new double[rounds];
        double allocated = 0;
        double steady = 0;
        for (int round = -2; round < rounds; round++) {
            long bytesBefore = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            long frames = 0;
            int rate;
            long opened;
            long readsEnd;
            try (Decoder d = decoders.open(new ByteArrayInputStream(bytes), null)) {
                opened = threads.getThreadAllocatedBytes(thread);
                for (int n; (n = d.read(out)) >= 0; ) {
                    frames += n;
                }
                readsEnd = threads.getThreadAllocatedBytes(thread);
                rate = d.sampleRate();
            }
            long nanos = System.nanoTime() - start;
            double audioSeconds = (double) frames / rate;
            if (round >= 0) {
                x[round] = audioSeconds / (nanos / 1e9);
                allocated += (threads.getThreadAllocatedBytes(thread) - bytesBefore) / audioSeconds;
                steady += (readsEnd - opened) / audioSeconds;
            }
        }
        return figures(name, x, allocated / rounds, steady / rounds);
    }

    private static Figures process(String name, int rounds, double startupMs, String... cmd)
            throws IOException, InterruptedException {
        double[] x = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            x[round] = SECONDS / ((timeMs(cmd) - startupMs) / 1e3);
        }
        Arrays.sort(x);
        return new Figures(name, x[rounds / 2], x[rounds - 1], 0, 0, startupMs);
    }

    /**
     * Shortest time to start the tool and have it print its version: the least disturbed start, so that
     * subtracting it never removes more than starting costs.
     */
    private static double startupMs(int rounds, String... cmd) throws IOException, InterruptedException {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            best = Math.min(best, timeMs(cmd));
        }
        return best;
    }

    private static double timeMs(String... cmd) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static Figures figures(String name, double[] x, double bytesPerAudioSecond, double steady) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return new Figures(name, sorted[sorted.length / 2], sorted[sorted.length - 1], bytesPerAudioSecond, steady,
                0);
    }
}

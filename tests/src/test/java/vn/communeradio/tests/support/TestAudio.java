package vn.communeradio.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import vn.communeradio.gateway.decode.Decoder;

/**
 * Real encoded audio for decoder tests, made at test time by the tools a station's CI installs (ffmpeg, lame,
 * opus-tools, mpg123 as the reference decoder): a sine written as 16-bit WAV, then encoded. A missing tool fails the test with the tool's own
 * words: never a skip.
 */
public final class TestAudio {

    private TestAudio() {
    }

    /**
     * A test tone: {@code hz} on the left (or only) channel; on a stereo right channel 1.5 × {@code hz}, so that
     * swapped or mixed channels show.
     */
    public record Tone(double hz, double amplitude, double seconds, int rate, int channels) {

        public long frames() {
            return Math.round(seconds * rate);
        }

        public double hz(int channel) {
            return channel == 0 ? hz : hz * 1.5;
        }
    }

    /** 16-bit PCM WAV of the tone. */
    public static Path wav(Path dir, String name, Tone t) throws IOException {
        long frames = t.frames();
        ByteBuffer b = ByteBuffer.allocate((int) (44 + frames * t.channels() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(b, t.rate(), t.channels(), frames * t.channels() * 2);
        for (long i = 0; i < frames; i++) {
            for (int c = 0; c < t.channels(); c++) {
                double v = t.amplitude() * Math.sin(2 * Math.PI * t.hz(c) * i / t.rate());
                b.putShort((short) Math.round(v * 32767));
            }
        }
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    /**
     * Mono 16-bit PCM WAV whose content tells where in it one is: {@code secondsEach} of each tone in turn, with
     * continuous phase (no click at a change), so a frequency analysis of what played says which stretch it was.
     */
    public static Path steps(Path dir, String name, int rate, double secondsEach, double amplitude, double... hz)
            throws IOException {
        long each = Math.round(secondsEach * rate);
        long frames = each * hz.length;
        ByteBuffer b = ByteBuffer.allocate((int) (44 + frames * 2)).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(b, rate, 1, frames * 2);
        double phase = 0;
        for (long i = 0; i < frames; i++) {
            b.putShort((short) Math.round(amplitude * Math.sin(phase) * 32767));
            phase += 2 * Math.PI * hz[(int) (i / each)] / rate;
        }
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    /** Music-like test content: a chord of several tones, a slow beat and noise (for the benchmark). */
    public static Path musicWav(Path dir, String name, double seconds, int rate) throws IOException {
        return music(dir, name, seconds, rate, false);
    }

    /**
     * {@link #musicWav} with drum hits: a burst of noise with a sharp attack every quarter second, on the two
     * channels in turn, so that an encoder switches to short blocks and codes loud high frequencies.
     */
    public static Path musicWithDrumsWav(Path dir, String name, double seconds, int rate) throws IOException {
        return music(dir, name, seconds, rate, true);
    }

    /**
     * Speech-like stereo test content: noise leaning low, in syllables of 80-300 ms at random loudness and pauses
     * (no rhythm, so its loudness contour has one alignment with a delayed copy), at about -20 dBFS RMS.
     */
    public static Path speechWav(Path dir, String name, double seconds, int rate, long seed) throws IOException {
        long frames = Math.round(seconds * rate);
        ByteBuffer b = ByteBuffer.allocate((int) (44 + frames * 4)).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(b, rate, 2, frames * 4);
        Random random = new Random(seed);
        double low = 0;
        long i = 0;
        while (i < frames) {
            long syllable = Math.round((0.08 + 0.22 * random.nextDouble()) * rate);
            double level = random.nextDouble() < 0.25 ? 0 : 0.3 + random.nextDouble();
            for (long k = 0; k < syllable && i < frames; k++, i++) {
                double attack = Math.min(1, Math.min(k, syllable - k) / (0.02 * rate));
                low += 0.2 * (random.nextGaussian() - low);
                short v = (short) Math.max(-32767, Math.min(32767, Math.round(0.3 * level * attack * low * 32767)));
                b.putShort(v).putShort(v);
            }
        }
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    private static Path music(Path dir, String name, double seconds, int rate, boolean drums) throws IOException {
        long frames = Math.round(seconds * rate);
        ByteBuffer b = ByteBuffer.allocate((int) (44 + frames * 4)).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(b, rate, 2, frames * 4);
        double[] chord = {110, 220, 277.2, 329.6, 440, 659.3, 1318.5, 2637};
        Random noise = new Random(7);
        for (long i = 0; i < frames; i++) {
            double t = (double) i / rate;
            double beat = 0.5 + 0.5 * Math.sin(2 * Math.PI * 2 * t);
            for (int c = 0; c < 2; c++) {
                double v = 0;
                for (int k = 0; k < chord.length; k++) {
                    v += Math.sin(2 * Math.PI * chord[k] * (1 + 0.002 * c) * t + k) / (k + 2);
                }
                v = 0.25 * v * beat + 0.05 * noise.nextGaussian();
                if (drums) {
                    double sinceHit = (t + 0.25 * c) % 0.5;
                    v += 0.2 * Math.exp(-30 * sinceHit) * noise.nextGaussian();
                }
                b.putShort((short) Math.max(-32767, Math.min(32767, Math.round(v * 32767))));
            }
        }
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    private static void writeHeader(ByteBuffer b, int rate, int channels, long dataBytes) {
        b.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVEfmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * 2)
                .putShort((short) (channels * 2)).putShort((short) 16).put("data".getBytes()).putInt((int) dataBytes);
    }

    /** Constant bit rate MP3 by lame ({@code kbps}); lame picks MPEG-1/2/2.5 from the WAV's rate. */
    public static Path mp3Cbr(Path wav, int kbps) throws IOException {
        return run(wav, ".cbr" + kbps + ".mp3", "lame", "--quiet", "--noreplaygain", "-b", String.valueOf(kbps));
    }

    /** 128 kbps MP3 as a live stream sends it: no Xing/LAME header frame, no ID3 tag (ffmpeg's LAME). */
    public static Path mp3Live(Path wav) throws IOException {
        return ffmpeg(wav, ".live.mp3", "-codec:a", "libmp3lame", "-b:a", "128k", "-write_xing", "0",
                "-id3v2_version", "0");
    }

    /**
     * Constant bit rate MP3 made to be looped as a live stream: no Xing/LAME header frame (-t), so every frame is
     * audio and the byte rate is exactly {@code kbps}/8 per second, and no bit reservoir (--nores), so that a frame
     * after the loop seam does not borrow bits from the frames before it.
     */
    public static Path mp3CbrLoopable(Path wav, int kbps) throws IOException {
        return run(wav, ".loop" + kbps + ".mp3", "lame", "--quiet", "--noreplaygain", "-t", "--nores", "-b",
                String.valueOf(kbps));
    }

    /** MP3 by lame with the options given (e.g. "--resample", "16", "-m", "m", "-b", "48"). */
    public static Path lame(Path wav, String suffix, String... options) throws IOException {
        List<String> tool = new ArrayList<>(List.of("lame", "--quiet", "--noreplaygain"));
        tool.addAll(List.of(options));
        return run(wav, suffix, tool.toArray(String[]::new));
    }

    /** Variable bit rate MP3 by lame (-V quality). */
    public static Path mp3Vbr(Path wav, int quality) throws IOException {
        return run(wav, ".vbr" + quality + ".mp3", "lame", "--quiet", "--noreplaygain", "-V",
                String.valueOf(quality));
    }

    /** Ogg/Opus by opusenc ({@code kbps}) with a chosen stream serial. */
    public static Path opus(Path wav, int kbps, int serial) throws IOException {
        return opus(wav, kbps, serial, 20);
    }

    /** Ogg/Opus with packets of {@code frameMs} milliseconds (opusenc: 2.5 to 60; its default is 20). */
    public static Path opus(Path wav, int kbps, int serial, double frameMs) throws IOException {
        return opusenc(wav, "." + serial + "." + frameMs + ".opus", "--bitrate", String.valueOf(kbps), "--serial",
                String.valueOf(serial), "--framesize", fmt(frameMs));
    }

    /** Ogg/Opus by opusenc with the options given (e.g. "--picture", a file for a large OpusTags). */
    public static Path opusenc(Path wav, String suffix, String... options) throws IOException {
        List<String> tool = new ArrayList<>(List.of("opusenc", "--quiet"));
        tool.addAll(List.of(options));
        return run(wav, suffix, tool.toArray(String[]::new));
    }

    private static String fmt(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((int) ms) : String.valueOf(ms);
    }

    /** Transcodes with ffmpeg: {@code args} between the input and the output (codec, format options). */
    public static Path ffmpeg(Path in, String suffix, String... args) throws IOException {
        Path out = Path.of(in + suffix);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i",
                in.toString()));
        cmd.addAll(List.of(args));
        cmd.add(out.toString());
        exec(cmd);
        return out;
    }

    /** A PNG of noise (~220 KB: noise does not compress), to make tags large. */
    public static Path noisePicture(Path dir) throws IOException {
        Path out = dir.resolve("noise.png");
        exec(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "nullsrc=s=400x400,geq=random(1)*255:128:128", "-frames:v", "1", out.toString()));
        return out;
    }

    /** Decodes a whole file with mpg123 (gapless, as it does by default) to 16-bit WAV: the reference. */
    public static Path mpg123(Path mp3) throws IOException {
        Path out = Path.of(mp3 + ".mpg123.wav");
        exec(List.of("mpg123", "--quiet", "-w", out.toString(), mp3.toString()));
        return out;
    }

    /** Frames in a 16-bit PCM WAV file written by a tool (the size of its data chunk). */
    public static long wavFrames(Path wav) throws IOException {
        byte[] b = Files.readAllBytes(wav);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int channels = bb.getShort(22);
        int p = 12;
        while (p + 8 <= b.length) {
            String id = new String(b, p, 4);
            int size = bb.getInt(p + 4);
            if (id.equals("data")) {
                return Math.min(size, b.length - p - 8) / (2L * channels);
            }
            p += 8 + size + (size & 1);
        }
        throw new IOException("no data chunk in " + wav);
    }

    private static Path run(Path wav, String suffix, String... tool) throws IOException {
        Path out = Path.of(wav + suffix);
        List<String> cmd = new ArrayList<>(List.of(tool));
        cmd.add(wav.toString());
        cmd.add(out.toString());
        exec(cmd);
        return out;
    }

    private static void exec(List<String> cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + cmd.get(0) + " (install it: apt-get install ffmpeg lame "
                    + "opus-tools mpg123): " + e.getMessage(), e);
        }
        byte[] output = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + new String(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd.get(0), e);
        }
    }

    /** Decoded audio: interleaved floats and what the decoder said about them. */
    public record Pcm(float[] samples, int rate, int channels, long resyncs) {

        public int frames() {
            return samples.length / channels;
        }

        public float[] channel(int c) {
            float[] out = new float[frames()];
            for (int i = 0; i < out.length; i++) {
                out[i] = samples[i * channels + c];
            }
            return out;
        }
    }

    /** Reads a decoder to its end; the format must not change on the way. */
    public static Pcm decodeAll(Decoder d) throws IOException {
        float[] buf = new float[Decoder.MAX_FRAMES * 2];
        float[] all = new float[1 << 16];
        int size = 0;
        int rate = 0;
        int channels = 0;
        for (int n; (n = d.read(buf)) >= 0; ) {
            if (n == 0) {
                continue;
            }
            if (channels != 0 && (channels != d.channels() || rate != d.sampleRate())) {
                throw new AssertionError("format changed mid-stream: " + rate + "/" + channels + " → "
                        + d.sampleRate() + "/" + d.channels());
            }
            rate = d.sampleRate();
            channels = d.channels();
            int samples = n * channels;
            if (size + samples > all.length) {
                all = Arrays.copyOf(all, Math.max(all.length * 2, size + samples));
            }
            System.arraycopy(buf, 0, all, size, samples);
            size += samples;
        }
        return new Pcm(Arrays.copyOf(all, size), rate, Math.max(channels, d.channels()), d.resyncs());
    }

    /** A stretch of decoded audio in one format. */
    public record Run(int rate, int channels, long frames) {
    }

    /** Reads a decoder to its end and says in which formats it played for how long (a stream may change). */
    public static List<Run> runs(Decoder d) throws IOException {
        float[] buf = new float[Decoder.MAX_FRAMES * 2];
        List<Run> runs = new ArrayList<>();
        for (int n; (n = d.read(buf)) >= 0; ) {
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.rate() == d.sampleRate() && last.channels() == d.channels()) {
                runs.set(runs.size() - 1, new Run(last.rate(), last.channels(), last.frames() + n));
            } else if (n > 0) {
                runs.add(new Run(d.sampleRate(), d.channels(), n));
            }
        }
        return runs;
    }

    /** An input stream that hands out at most {@code most} bytes a read, as a slow network does. */
    public static InputStream trickle(byte[] bytes, int most) {
        return new java.io.ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, most));
            }
        };
    }

    /** An input stream that counts what was read from it. */
    public static final class Counting extends InputStream {

        private final InputStream in;
        private long count;

        public Counting(InputStream in) {
            this.in = in;
        }

        public long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }
    }

    /** Bytes of a file with {@code insert} inserted at {@code at}. */
    public static byte[] splice(byte[] file, int at, byte[] insert, int removed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, at);
        out.write(insert, 0, insert.length);
        out.write(file, at + removed, file.length - at - removed);
        return out.toByteArray();
    }

    /** The files one after the other, as a server sends a playlist or a chained stream. */
    public static byte[] concat(Path... files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path f : files) {
            out.write(Files.readAllBytes(f));
        }
        return out.toByteArray();
    }

    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}

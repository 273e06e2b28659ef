package vn.communeradio.hal.audio;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * Opens Java Sound capture lines for {@link JavaSoundAudioInput} and holds its words, so that the classes the render
 * thread runs hold no string constant.
 */
final class JavaSoundCapture {

    private JavaSoundCapture() {
    }

    /** The device name to use ("" for the default); refuses a layout with nothing to capture. */
    static String requireUsable(String device, CaptureLayout layout) {
        if (!layout.captures()) {
            throw new IllegalArgumentException("a Java Sound input captures at least one channel, got "
                    + layout.describe());
        }
        return device == null ? "" : device;
    }

    static JavaSoundAudioInput.PcmSource open(String device, AudioFormat pcm, int bufferBytes)
            throws AudioOutputException {
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, pcm);
        TargetDataLine line;
        try {
            line = (TargetDataLine) (device.isEmpty() ? AudioSystem.getLine(info)
                    : JavaSoundMixers.find(device).getLine(info));
            line.open(pcm, bufferBytes);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new AudioOutputException("Java Sound input " + name(device) + " cannot capture "
                    + (int) pcm.getSampleRate() + " Hz 16-bit " + pcm.getChannels() + " channels: " + e.getMessage(), e);
        }
        line.start();
        return new Line(line);
    }

    static String describe(String device, CaptureLayout layout) {
        return "javasound " + name(device) + " (" + layout.describe() + ")";
    }

    private static String name(String device) {
        return device.isEmpty() ? "default device" : "'" + device + "'";
    }

    /** A started capture line, read without blocking by the render thread. */
    private static final class Line implements JavaSoundAudioInput.PcmSource {
        private final TargetDataLine line;

        Line(TargetDataLine line) {
            this.line = line;
        }

        @Override
        public int available() {
            return line.available();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return line.read(buffer, offset, length);
        }

        @Override
        public void close() {
            line.stop();
            line.close();
        }
    }
}

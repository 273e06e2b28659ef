package vn.communeradio.hal.audio;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of the test renderers that use the input: notes the thread it runs on (for allocation counts) and every call
 * whose capture had another frame count than the period it renders; called without a capture, it plays silence.
 */
abstract class CaptureRenderer implements AudioRenderer {

    final AtomicInteger mismatched = new AtomicInteger();
    volatile long thread = -1;

    /** Fills the stereo period from the capture; allocation-free, as a renderer must be. */
    abstract void fill(float[] buffer, int frames, Capture input);

    @Override
    public final void render(float[] buffer, int frames) {
        java.util.Arrays.fill(buffer, 0, frames * 2, 0f);
    }

    @Override
    public final void render(float[] buffer, int frames, Capture input) {
        thread = Thread.currentThread().getId();
        if (input.frames() != frames) {
            mismatched.incrementAndGet();
        }
        fill(buffer, frames, input);
    }
}

package vn.communeradio.gateway.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.communeradio.gateway.playback.StreamVoice;
import vn.communeradio.hal.audio.Capture;
import vn.communeradio.hal.audio.JackAudioOutput;
import vn.communeradio.hal.audio.JavaSoundAudioInput;
import vn.communeradio.hal.audio.SimulatedInput;
import vn.communeradio.hal.gpio.SoundingZones;

/**
 * The classes whose code runs on the audio callback hold no string constant: the thread that triggers HotSpot's
 * C2 compilation of a method resolves every string constant of its class, allocating each (see
 * {@link RealTimeFailures}); on the callback that was a measured 136-byte allocation seconds into playback.
 * Strings naming the class's own fields are allowed: they are VarHandle or enum names, resolved when the class
 * initialises, off the callback.
 */
class RealTimeClassesTest {

    /** Every class a callback period executes code of, outside the JDK and JNA. */
    private static final List<Class<?>> CALLBACK_CLASSES = List.of(Mixer.class, Limiter.class, SenseTap.class,
            CallbackTimer.class, PcmRing.class, ToneVoice.class, StreamVoice.class, LineVoice.class, BurstVoice.class);
    private static final List<String> JACK_CALLBACK_CLASSES = List.of("JackAudioOutput$Processor",
            "JackAudioOutput$MovablePointer", "JackAudioOutput$JackNative", "JackAudioOutput$Counters");
    /** hal's classes whose code an output's callback runs when it has an input: the capture, the simulated path. */
    private static final List<Class<?>> HAL_CALLBACK_CLASSES = List.of(Capture.class, SimulatedInput.class,
            SoundingZones.class, JavaSoundAudioInput.class);
    /** Package-private ones of hal.audio, named beside {@link Capture}. */
    private static final List<String> HAL_AUDIO_CALLBACK_CLASSES = List.of("Biquad", "GaussianNoise",
            "JavaSoundCapture$Line");

    @Test
    void callbackClassesHoldNoStringConstant() throws IOException {
        Map<String, List<String>> found = new HashMap<>();
        for (Class<?> c : CALLBACK_CLASSES) {
            collect(found, c.getSimpleName(), c, c.getSimpleName() + ".class");
        }
        for (Class<?> c : HAL_CALLBACK_CLASSES) {
            collect(found, c.getSimpleName(), c, c.getSimpleName() + ".class");
        }
        for (String name : HAL_AUDIO_CALLBACK_CLASSES) {
            collect(found, name, Capture.class, name + ".class");
        }
        for (String name : JACK_CALLBACK_CLASSES) {
            collect(found, name, JackAudioOutput.class, name + ".class");
        }
        assertEquals(Map.of(), found, "string constants in classes run by the audio callback: build the messages"
                + " in RealTimeFailures (or an equivalent class off the callback) instead");
    }

    private static void collect(Map<String, List<String>> found, String name, Class<?> anchor, String resource)
            throws IOException {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            List<String> strings = stringConstants(new DataInputStream(in));
            List<String> fields = new ArrayList<>();
            Class<?> c = Class.forName(anchor.getPackageName() + "." + name, false, anchor.getClassLoader());
            Arrays.stream(c.getDeclaredFields()).forEach(f -> fields.add(f.getName()));
            strings.removeAll(fields);
            if (!strings.isEmpty()) {
                found.put(name, strings);
            }
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** The CONSTANT_String entries of a class file's constant pool (JVMS §4.4). */
    private static List<String> stringConstants(DataInputStream in) throws IOException {
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Map<Integer, String> utf8 = new HashMap<>();
        List<Integer> strings = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.put(i, in.readUTF());
                case 8 -> strings.add(in.readUnsignedShort());
                case 7, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two entries
                }
                default -> throw new IOException("constant pool tag " + tag + " at entry " + i);
            }
        }
        List<String> result = new ArrayList<>();
        strings.forEach(index -> result.add(utf8.get(index)));
        return result;
    }
}

package vn.communeradio.hal.audio;

import java.util.Locale;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Mixer;

/** Finds a Java Sound device by part of its mixer name, for the Java Sound output and input alike. */
final class JavaSoundMixers {

    private JavaSoundMixers() {
    }

    /** The first mixer whose name contains {@code device} (case-insensitive); the error lists the devices there are. */
    static Mixer find(String device) throws AudioOutputException {
        String wanted = device.toLowerCase(Locale.ROOT);
        StringBuilder known = new StringBuilder();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (info.getName().toLowerCase(Locale.ROOT).contains(wanted)) {
                return AudioSystem.getMixer(info);
            }
            known.append(known.length() == 0 ? "" : ", ").append(info.getName());
        }
        throw new AudioOutputException("no Java Sound device matches '" + device + "' (devices: "
                + (known.length() == 0 ? "none" : known) + ")");
    }
}

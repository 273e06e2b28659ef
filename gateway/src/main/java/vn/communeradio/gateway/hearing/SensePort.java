package vn.communeradio.gateway.hearing;

import java.util.function.BooleanSupplier;
import vn.communeradio.hal.audio.AudioOutput;

/**
 * The sense input's connector as the audio output sees it: a JACK capture port connected to no port reads
 * silence, and silence judged as what the microphone heard would call every zone dead.
 *
 * @param name         what a technician knows it by, e.g. {@code commune-radio:in_2}
 * @param howToConnect what to do when nothing feeds it, for the log
 * @param connected    whether something feeds it now; any thread, cheap (a flag the output keeps)
 */
public record SensePort(String name, String howToConnect, BooleanSupplier connected) {

    /** The sense channel of {@code output}'s capture ({@code audio.sense_channel}); it must have one. */
    public static SensePort of(AudioOutput output) {
        int channel = output.capture().senseChannel();
        if (channel == 0) {
            throw new IllegalArgumentException(output.description() + " captures no sense input");
        }
        String name = output.inputName(channel);
        return new SensePort(name, "connect the sense microphone's capture port to it: list it in "
                + "audio.jack.capture_from (channel " + channel + "), or 'jack_connect PORT " + name + "'",
                () -> output.inputConnected(channel));
    }
}

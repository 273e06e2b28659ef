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
        String source = output.inputSource(channel);
        // a listed source is connected whenever it is there: what is missing is its port, not the configuration
        String advice = source == null
                ? "connect the sense microphone's capture port to it: list it in audio.jack.capture_from (channel "
                        + channel + "), or 'jack_connect PORT " + name + "'"
                : "waiting for " + source + ", listed in audio.jack.capture_from (channel " + channel + "), to be "
                        + "there: the station connects it as soon as its JACK client runs ('jack_lsp' lists the ports)";
        return new SensePort(name, advice, () -> output.inputConnected(channel));
    }
}

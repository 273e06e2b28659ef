package vn.communeradio.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules across keys of the audio input: which output and GPIO it goes with, its channels, and the push-to-talk
 * input that puts its line on air.
 */
final class AudioInputRules {

    /** The simulated input's channels: the line on 1, the sense microphone on 2. */
    private static final int SIM_CHANNELS = 2;

    private AudioInputRules() {
    }

    /** Adds a problem for each rule {@code values} break; a key whose own value was bad is not judged again. */
    static void check(Map<Key<?>, Object> values, int zones, List<String> problems) {
        if (!(values.get(ConfigKeys.HAL_AUDIO_IN) instanceof AudioInputMode mode)
                || !(values.get(ConfigKeys.AUDIO_LINE_CHANNEL) instanceof Integer line)
                || !(values.get(ConfigKeys.AUDIO_SENSE_CHANNEL) instanceof Integer sense)) {
            return;
        }
        Object audio = values.get(ConfigKeys.HAL_AUDIO);
        if (mode == AudioInputMode.NONE) {
            if (line > 0 || sense > 0) {
                problems.add("audio." + (line > 0 ? "line" : "sense") + "_channel: there is no audio input to take "
                        + "it from (hal.audio_in=none); set hal.audio_in, or set the channel to 0");
            }
            return;
        }
        String name = mode.name().toLowerCase(Locale.ROOT);
        if (line == 0 && sense == 0) {
            problems.add("hal.audio_in=" + name + " captures nothing: set audio.line_channel or audio.sense_channel");
        } else if (line == sense) {
            // the line would carry the speakers back into the programme: a feedback loop, never a wiring
            problems.add("audio.line_channel and audio.sense_channel are both " + line + ": the line input and "
                    + "the sense input are different connectors; give each its own channel");
        }
        switch (mode) {
            case JACK -> {
                if (audio != null && !(audio instanceof AudioSpec.Jack)) {
                    problems.add("hal.audio_in=jack: the capture ports belong to the JACK output's client; set "
                            + "hal.audio=jack");
                }
                if (values.get(ConfigKeys.AUDIO_JACK_CAPTURE_FROM) instanceof List<?> from
                        && from.size() > Math.max(line, sense)) {
                    problems.add("audio.jack.capture_from: " + from.size() + " ports for " + Math.max(line, sense)
                            + " capture ports (the larger of audio.line_channel and audio.sense_channel)");
                }
            }
            case JAVASOUND -> {
                if (audio != null && !(audio instanceof AudioSpec.JavaSound)) {
                    problems.add("hal.audio_in=javasound is read in the Java Sound output's loop; set "
                            + "hal.audio=javasound");
                }
            }
            case SIM -> {
                if (values.get(ConfigKeys.HAL_GPIO) != GpioMode.SIM) {
                    problems.add("hal.audio_in=sim hears the simulated relays: it is for a simulated station only "
                            + "(hal.gpio=sim)");
                }
                if (audio != null && !(audio instanceof AudioSpec.Null || audio instanceof AudioSpec.Wav)) {
                    problems.add("hal.audio_in=sim is read in the loop of a paced output: set hal.audio=null or "
                            + "wav:PATH");
                }
                if (line > SIM_CHANNELS || sense > SIM_CHANNELS) {
                    problems.add("audio." + (line > SIM_CHANNELS ? "line" : "sense") + "_channel: the simulated "
                            + "input has 2 channels, the line on 1 and the sense microphone on 2");
                }
                if (values.get(ConfigKeys.HAL_SIM_ZONE_GAINS) instanceof List<?> gains && gains.size() > zones) {
                    problems.add("hal.sim.zone_gains: " + gains.size() + " gains for " + zones + " zone"
                            + (zones == 1 ? "" : "s") + " (relay.zones); give one gain per zone at most");
                }
            }
            default -> throw new IllegalStateException(mode.name());
        }
    }

    /** announce.input must name a configured digital input, and there must be a line input for it to put on air. */
    static void checkAnnouncement(Map<Key<?>, Object> values, List<String> inputNames, List<String> problems) {
        if (!(values.get(ConfigKeys.ANNOUNCE_INPUT) instanceof String input) || input.isEmpty()) {
            return;
        }
        if (!inputNames.contains(input)) {
            problems.add("announce.input: there is no digital input '" + input + "'; set input." + input
                    + ".pin to its GPIO line" + (inputNames.isEmpty() ? "" : " (inputs configured: "
                    + String.join(", ", inputNames) + ")"));
        }
        if (values.get(ConfigKeys.AUDIO_LINE_CHANNEL) instanceof Integer line && line == 0) {
            problems.add("announce.input=" + input + " puts the line input on air, but there is none: set "
                    + "hal.audio_in and audio.line_channel (the microphone's input channel)");
        }
    }
}

package vn.communeradio.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the keys a configuration sets that nothing reads under its other keys (the tuning of a feature that is
 * off), so that a technician who set one learns it does not act instead of believing it does.
 *
 * <p>These are warnings, not errors like {@link AudioInputRules}' problems: the installed file is a conffile that
 * outlives changes, and a technician may switch a feature off ({@code hal.audio_in=none}, a board without a sense
 * microphone) and keep its tuning for later. Refusing to start over such a leftover line would silence a station's
 * warnings for a line that changes nothing; a key that does act wrongly (a missing input, a feedback loop) stays an
 * error. A key counts as set when its line has a value: an empty value reads as not set.
 */
final class IdleKeys {

    private IdleKeys() {
    }

    /**
     * One line per idle key: the key, its value, and what would make it act. {@code effective} is every key's
     * value as text, defaults included; {@code values} the same parsed.
     */
    static List<String> warnings(Map<String, String> raw, Map<Key<?>, Object> values, Map<String, String> effective) {
        List<String> warnings = new ArrayList<>();
        AudioInputMode input = (AudioInputMode) values.get(ConfigKeys.HAL_AUDIO_IN);
        AudioSpec audio = (AudioSpec) values.get(ConfigKeys.HAL_AUDIO);
        int line = (Integer) values.get(ConfigKeys.AUDIO_LINE_CHANNEL);
        int sense = (Integer) values.get(ConfigKeys.AUDIO_SENSE_CHANNEL);
        String inputName = effective.get(ConfigKeys.HAL_AUDIO_IN.name());
        String audioName = effective.get(ConfigKeys.HAL_AUDIO.name());
        Idle idle = new Idle(raw, warnings);

        if (values.get(ConfigKeys.HAL_GPIO) != GpioMode.PI4J) {
            idle.when(true, "hal.gpio=pi4j (here hal.gpio=sim)", ConfigKeys.HAL_GPIO_PROVIDER);
        }
        if (input != AudioInputMode.SIM) {
            idle.when(true, "hal.audio_in=sim, a simulated station (here hal.audio_in=" + inputName + ")",
                    ConfigKeys.HAL_SIM_ZONE_GAINS, ConfigKeys.HAL_SIM_SENSE_DELAY_MS, ConfigKeys.HAL_SIM_SENSE_BAND,
                    ConfigKeys.HAL_SIM_NOISE_DB, ConfigKeys.HAL_SIM_LINE);
        } else {
            idle.when(sense == 0, "audio.sense_channel=2, the simulated sense microphone (here 0)",
                    ConfigKeys.HAL_SIM_ZONE_GAINS, ConfigKeys.HAL_SIM_SENSE_DELAY_MS, ConfigKeys.HAL_SIM_SENSE_BAND,
                    ConfigKeys.HAL_SIM_NOISE_DB);
            idle.when(line == 0, "audio.line_channel=1, the simulated line input (here 0)", ConfigKeys.HAL_SIM_LINE);
        }
        idle.when(values.get(ConfigKeys.HAL_GPIO) != GpioMode.SIM, "hal.gpio=sim (here hal.gpio=pi4j)",
                ConfigKeys.HAL_SIM_INPUTS_FILE);
        idle.when(!(audio instanceof AudioSpec.Wav), "hal.audio=wav:PATH (here hal.audio=" + audioName + ")",
                ConfigKeys.AUDIO_WAV_BITS);
        // JACK imposes its server's rate and period: these two size the other outputs only
        idle.when(audio instanceof AudioSpec.Jack, "hal.audio=null, wav:PATH or javasound (JACK uses its server's; "
                + "here hal.audio=jack)", ConfigKeys.AUDIO_SAMPLE_RATE, ConfigKeys.AUDIO_PERIOD_FRAMES);
        idle.when(!(audio instanceof AudioSpec.Jack), "hal.audio=jack (here hal.audio=" + audioName + ")",
                ConfigKeys.AUDIO_JACK_SERVER, ConfigKeys.AUDIO_JACK_CLIENT, ConfigKeys.AUDIO_JACK_CONNECT);
        idle.when(input != AudioInputMode.JACK, "hal.audio_in=jack (here hal.audio_in=" + inputName + ")",
                ConfigKeys.AUDIO_JACK_CAPTURE_FROM);
        idle.when(!(audio instanceof AudioSpec.JavaSound), "hal.audio=javasound (here hal.audio=" + audioName + ")",
                ConfigKeys.AUDIO_JAVASOUND_DEVICE);
        idle.when(input != AudioInputMode.JAVASOUND, "hal.audio_in=javasound (here hal.audio_in=" + inputName + ")",
                ConfigKeys.AUDIO_JAVASOUND_INPUT_DEVICE);
        idle.when(sense == 0, "a sense input: hal.audio_in and audio.sense_channel (here audio.sense_channel=0, so "
                + "no session is judged heard or not)", ConfigKeys.HEARING_MIN_LEVEL_DB, ConfigKeys.HEARING_MIN_MATCH);
        // push-to-talk and the console's announce both take it, so announce.input is not what it waits for
        idle.when(line == 0, "a line input to announce from: hal.audio_in and audio.line_channel (here "
                + "audio.line_channel=0)", ConfigKeys.ANNOUNCE_PRIORITY);
        boolean tls = "ssl".equalsIgnoreCase(((java.net.URI) values.get(ConfigKeys.MQTT_URL)).getScheme());
        idle.when(!tls, "an ssl:// mqtt.url (here tcp://)", ConfigKeys.MQTT_TLS_CA, ConfigKeys.MQTT_TLS_CERT,
                ConfigKeys.MQTT_TLS_KEY);
        // TLS reads the key only to go with the client certificate; on tcp:// the rule above has said it already
        idle.when(tls && ((String) values.get(ConfigKeys.MQTT_TLS_CERT)).isEmpty(),
                "mqtt.tls.cert, the client certificate it belongs to (here none)", ConfigKeys.MQTT_TLS_KEY);
        idle.when((Integer) values.get(ConfigKeys.LINK_REBOOT_AFTER_OFFLINE_S) == 0,
                "link.reboot_after_offline_s above 0 (here 0, never)", ConfigKeys.LINK_ROUTE_TABLES);
        idle.when(((String) values.get(ConfigKeys.LOG_FILE)).isEmpty(), "a log.file (here none: stdout only)",
                ConfigKeys.LOG_FILE_SIZE_KB, ConfigKeys.LOG_FILE_BACKUPS);
        return List.copyOf(warnings);
    }

    /** Adds a warning for each of some keys that the file sets while the condition that makes them act is unmet. */
    private record Idle(Map<String, String> raw, List<String> warnings) {

        void when(boolean idle, String actsWith, Key<?>... keys) {
            if (!idle) {
                return;
            }
            for (Key<?> key : keys) {
                String value = raw.get(key.name());
                if (value != null && !value.isEmpty()) {
                    warnings.add(key.name() + " = " + value + " has no effect: it is read only with " + actsWith
                            + "; set that, or remove the line");
                }
            }
        }
    }
}

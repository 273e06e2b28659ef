package vn.communeradio.gateway.station;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import vn.communeradio.gateway.config.AudioInputMode;
import vn.communeradio.gateway.config.AudioSpec;
import vn.communeradio.gateway.config.ClockSpec;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.config.FrequencyBand;
import vn.communeradio.gateway.config.GpioMode;
import vn.communeradio.hal.audio.AudioInput;
import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.audio.CaptureLayout;
import vn.communeradio.hal.audio.JackAudioOutput;
import vn.communeradio.hal.audio.JavaSoundAudioInput;
import vn.communeradio.hal.audio.JavaSoundAudioOutput;
import vn.communeradio.hal.audio.NullAudioOutput;
import vn.communeradio.hal.audio.OutputFormat;
import vn.communeradio.hal.audio.SimulatedInput;
import vn.communeradio.hal.audio.SimulatedPath;
import vn.communeradio.hal.audio.WavFileAudioOutput;
import vn.communeradio.hal.clock.Clocks;
import vn.communeradio.hal.clock.Ticker;
import vn.communeradio.hal.gpio.DigitalInputs;
import vn.communeradio.hal.gpio.GpioPin;
import vn.communeradio.hal.gpio.Pi4jGpio;
import vn.communeradio.hal.gpio.RelayOutputs;
import vn.communeradio.hal.gpio.SimulatedInputs;
import vn.communeradio.hal.gpio.SimulatedRelays;
import vn.communeradio.hal.gpio.SoundingZones;
import vn.communeradio.hal.sensor.LinuxBoardSensors;
import vn.communeradio.hal.watchdog.DeviceWatchdog;
import vn.communeradio.hal.watchdog.Watchdog;

/**
 * The hardware the configuration describes: {@code hal.gpio}, {@code hal.audio} with {@code hal.audio_in},
 * {@code hal.watchdog}, {@code hal.clock}.
 */
public final class ConfiguredHardware implements HardwareFactory {

    private final Function<Pi4jGpio.Provider, Pi4jGpio> pi4jOpener;
    /** Null: as {@code hal.clock} says. */
    private final Clocks clocks;

    public ConfiguredHardware() {
        this(Pi4jGpio::forBoard);
    }

    /** @param pi4jOpener opens Pi4J for {@code hal.gpio=pi4j}; tests give one built on the mock provider */
    public ConfiguredHardware(Function<Pi4jGpio.Provider, Pi4jGpio> pi4jOpener) {
        this.pi4jOpener = pi4jOpener;
        this.clocks = null;
    }

    /** The configured hardware on {@code clocks} instead of {@code hal.clock}'s: a test that moves time itself. */
    public ConfiguredHardware(Clocks clocks) {
        this.pi4jOpener = Pi4jGpio::forBoard;
        this.clocks = clocks;
    }

    @Override
    public Hardware open(Config config) throws StartupException {
        Clocks clocks = clocks(config);
        Gpio gpio = openGpio(config, clocks);
        try {
            // before anything else: whatever state the lines were left in, the relays are off now
            gpio.relays.allOff();
            AudioOutput audio = audioOutput(config, gpio.relays);
            Watchdog watchdog = watchdog(config);
            return new Hardware(gpio.relays, gpio.inputs, audio, watchdog, new LinuxBoardSensors(), gpio.release,
                    clocks);
        } catch (StartupException | RuntimeException e) {
            gpio.relays.allOff();
            gpio.release.run();
            throw e;
        }
    }

    /** Relays only, for {@code relays-off}: no audio, no watchdog. */
    public Hardware relaysOnly(Config config) throws StartupException {
        Gpio gpio = openGpio(config, Clocks.SYSTEM);
        return new Hardware(gpio.relays, gpio.inputs, new NullAudioOutput(new OutputFormat(48_000, 2, 1024)),
                Watchdog.NONE, new LinuxBoardSensors(), gpio.release, Clocks.SYSTEM);
    }

    private record Gpio(RelayOutputs relays, DigitalInputs inputs, Runnable release) {
    }

    private Clocks clocks(Config config) {
        if (clocks != null) {
            return clocks;
        }
        return config.get(ConfigKeys.HAL_CLOCK) instanceof ClockSpec.Simulated sim
                ? Clocks.startingAt(sim.start(), Ticker.SYSTEM) : Clocks.SYSTEM;
    }

    private static Path simulatedInputsFile(Config config) {
        String file = config.get(ConfigKeys.HAL_SIM_INPUTS_FILE);
        return file.isEmpty() ? null : Path.of(file);
    }

    private Gpio openGpio(Config config, Clocks clocks) throws StartupException {
        List<GpioPin> relayPins = config.relayPins();
        List<GpioPin> inputPins = config.inputPins();
        if (config.get(ConfigKeys.HAL_GPIO) == GpioMode.SIM) {
            return new Gpio(new SimulatedRelays(relayPins.stream().map(GpioPin::name).toList(), clocks.wall()),
                    new SimulatedInputs(inputPins.stream().map(GpioPin::name).toList(), simulatedInputsFile(config)),
                    () -> { });
        }
        Pi4jGpio.Provider provider = config.get(ConfigKeys.HAL_GPIO_PROVIDER);
        Pi4jGpio pi4j;
        try {
            pi4j = pi4jOpener.apply(provider);
        } catch (RuntimeException e) {
            throw new StartupException("GPIO (" + provider.name().toLowerCase() + "): cannot start Pi4J: "
                    + e.getMessage() + "; is this a board with a GPIO chip, and is the service in the gpio group?", e);
        }
        try {
            RelayOutputs relays = pi4j.relays(relayPins);
            DigitalInputs inputs = pi4j.inputs(inputPins);
            return new Gpio(relays, inputs, pi4j::close);
        } catch (RuntimeException e) {
            pi4j.close();
            throw new StartupException("GPIO (" + provider.name().toLowerCase() + "): cannot claim lines "
                    + relayPins + " " + inputPins + ": " + e.getMessage(), e);
        }
    }

    /** The output with its input: the configuration's rules (AudioInputRules) have paired them already. */
    private static AudioOutput audioOutput(Config config, RelayOutputs relays) {
        OutputFormat format = new OutputFormat(config.get(ConfigKeys.AUDIO_SAMPLE_RATE), 2,
                config.get(ConfigKeys.AUDIO_PERIOD_FRAMES));
        AudioSpec spec = config.get(ConfigKeys.HAL_AUDIO);
        if (spec instanceof AudioSpec.Jack) {
            CaptureLayout capture = config.get(ConfigKeys.HAL_AUDIO_IN) == AudioInputMode.JACK
                    ? CaptureLayout.of(config.get(ConfigKeys.AUDIO_LINE_CHANNEL),
                            config.get(ConfigKeys.AUDIO_SENSE_CHANNEL)) : CaptureLayout.NONE;
            return new JackAudioOutput(config.get(ConfigKeys.AUDIO_JACK_CLIENT), config.get(ConfigKeys.AUDIO_JACK_SERVER),
                    config.get(ConfigKeys.AUDIO_JACK_CONNECT), capture, config.get(ConfigKeys.AUDIO_JACK_CAPTURE_FROM));
        }
        AudioInput input = audioInput(config, relays);
        if (spec instanceof AudioSpec.Wav wav) {
            return new WavFileAudioOutput(wav.path(), format, config.get(ConfigKeys.AUDIO_WAV_BITS), input);
        } else if (spec instanceof AudioSpec.JavaSound) {
            return new JavaSoundAudioOutput(config.get(ConfigKeys.AUDIO_JAVASOUND_DEVICE), format, input);
        }
        return new NullAudioOutput(format, input);
    }

    /** The input read in a paced or Java Sound output's loop ({@code hal.audio_in} = sim or javasound), or none. */
    private static AudioInput audioInput(Config config, RelayOutputs relays) {
        int line = config.get(ConfigKeys.AUDIO_LINE_CHANNEL);
        int sense = config.get(ConfigKeys.AUDIO_SENSE_CHANNEL);
        return switch (config.get(ConfigKeys.HAL_AUDIO_IN)) {
            case SIM -> {
                FrequencyBand band = config.get(ConfigKeys.HAL_SIM_SENSE_BAND);
                SimulatedPath path = new SimulatedPath(config.get(ConfigKeys.HAL_SIM_ZONE_GAINS),
                        config.get(ConfigKeys.HAL_SIM_SENSE_DELAY_MS), band.lowHz(), band.highHz(),
                        config.get(ConfigKeys.HAL_SIM_NOISE_DB), config.get(ConfigKeys.HAL_SIM_LINE));
                // hal.gpio=sim: the configuration's rules make sure of it
                SoundingZones sounding = ((SimulatedRelays) relays).sounding();
                yield new SimulatedInput(path, config.get(ConfigKeys.RELAY_ZONES), sounding, line, sense,
                        System.nanoTime());
            }
            case JAVASOUND -> {
                String device = config.get(ConfigKeys.AUDIO_JAVASOUND_INPUT_DEVICE);
                yield new JavaSoundAudioInput(device.isEmpty() ? config.get(ConfigKeys.AUDIO_JAVASOUND_DEVICE) : device,
                        CaptureLayout.of(line, sense));
            }
            case NONE, JACK -> AudioInput.NONE;
        };
    }

    private static Watchdog watchdog(Config config) throws StartupException {
        String device = config.get(ConfigKeys.HAL_WATCHDOG);
        if (device.equals("none")) {
            return Watchdog.NONE;
        }
        try {
            return DeviceWatchdog.open(Path.of(device));
        } catch (IOException e) {
            throw new StartupException(e.getMessage() + "; set hal.watchdog=none or give the service access", e);
        }
    }
}

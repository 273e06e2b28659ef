package vn.communeradio.hal.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Relays and inputs on real GPIO lines through Pi4J. Owns one Pi4J context; closing it switches every relay
 * off and shuts the context down (which applies each output's shutdown state, also "off").
 */
public final class Pi4jGpio implements AutoCloseable {

    /** Pi4J GPIO providers this service can use on a board. */
    public enum Provider {
        /** Character-device GPIO via libgpiod: works without root, Pi 5 included. */
        GPIOD(GpioDDigitalOutputProvider.ID, GpioDDigitalInputProvider.ID),
        /** Legacy sysfs GPIO. */
        LINUXFS(LinuxFsDigitalOutputProvider.ID, LinuxFsDigitalInputProvider.ID);

        final String outputId;
        final String inputId;

        Provider(String outputId, String inputId) {
            this.outputId = outputId;
            this.inputId = inputId;
        }
    }

    private final Context pi4j;
    private final String outputProvider;
    private final String inputProvider;
    private boolean closed;

    /** Uses a context built by the caller (tests build one with the mock providers only). */
    public Pi4jGpio(Context pi4j, String outputProviderId, String inputProviderId) {
        this.pi4j = pi4j;
        this.outputProvider = outputProviderId;
        this.inputProvider = inputProviderId;
    }

    /** A context holding only the chosen provider pair, so no other plugin on the class path can take over. */
    public static Pi4jGpio forBoard(Provider provider) {
        Context context = switch (provider) {
            case GPIOD -> Pi4J.newContextBuilder()
                    .add(GpioDDigitalOutputProvider.newInstance(), GpioDDigitalInputProvider.newInstance())
                    .build();
            case LINUXFS -> Pi4J.newContextBuilder()
                    .add(LinuxFsDigitalOutputProvider.newInstance(), LinuxFsDigitalInputProvider.newInstance())
                    .build();
        };
        return new Pi4jGpio(context, provider.outputId, provider.inputId);
    }

    /** Claims the relay lines; every one starts (and shuts down) at its "off" level. */
    public RelayOutputs relays(List<GpioPin> pins) {
        List<String> names = Channels.names(pins);
        Map<String, Line> lines = new LinkedHashMap<>();
        try {
            for (GpioPin pin : pins) {
                DigitalState off = level(pin, false);
                DigitalOutput output = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                        .id("relay-" + pin.name())
                        .name("relay " + pin.name())
                        .address(pin.address())
                        .initial(off)
                        .shutdown(off)
                        .provider(outputProvider)
                        .build());
                lines.put(pin.name(), new Line(pin, output));
            }
        } catch (RuntimeException e) {
            lines.values().forEach(line -> line.set(false));
            throw e;
        }
        return new Relays(names, lines);
    }

    /** Claims the input lines. */
    public DigitalInputs inputs(List<GpioPin> pins) {
        Channels.names(pins);
        Map<GpioPin, DigitalInput> inputs = new LinkedHashMap<>();
        for (GpioPin pin : pins) {
            inputs.put(pin, pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                    .id("input-" + pin.name())
                    .name("input " + pin.name())
                    .address(pin.address())
                    .provider(inputProvider)
                    .build()));
        }
        return new Inputs(inputs);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pi4j.shutdown();
        } catch (RuntimeException e) {
            Logger.warn("GPIO shutdown incomplete: {}", e.getMessage());
        }
    }

    private static DigitalState level(GpioPin pin, boolean on) {
        return on != pin.activeLow() ? DigitalState.HIGH : DigitalState.LOW;
    }

    private record Line(GpioPin pin, DigitalOutput output) {
        void set(boolean on) {
            output.state(level(pin, on));
        }

        boolean isOn() {
            return output.state() == level(pin, true);
        }
    }

    private static final class Relays implements RelayOutputs {
        private final List<String> names;
        private final Map<String, Line> lines;

        Relays(List<String> names, Map<String, Line> lines) {
            this.names = names;
            this.lines = lines;
        }

        @Override
        public List<String> channels() {
            return names;
        }

        @Override
        public synchronized void set(String channel, boolean on) {
            line(channel).set(on);
        }

        @Override
        public synchronized boolean isOn(String channel) {
            return line(channel).isOn();
        }

        @Override
        public synchronized void allOff() {
            for (Line line : lines.values()) {
                try {
                    line.set(false);
                } catch (RuntimeException e) {
                    Logger.error("relay {} (GPIO {}) could not be switched off: {}",
                            line.pin().name(), line.pin().address(), e.getMessage());
                }
            }
        }

        @Override
        public void close() {
            allOff();
        }

        private Line line(String channel) {
            Line line = lines.get(channel);
            if (line == null) {
                throw Channels.unknown(channel, names);
            }
            return line;
        }
    }

    private static final class Inputs implements DigitalInputs {
        private final Map<GpioPin, DigitalInput> inputs;

        Inputs(Map<GpioPin, DigitalInput> inputs) {
            this.inputs = inputs;
        }

        @Override
        public Map<String, Boolean> read() {
            Map<String, Boolean> state = new LinkedHashMap<>();
            inputs.forEach((pin, input) -> state.put(pin.name(), input.state() == level(pin, true)));
            return state;
        }

        @Override
        public void close() {
        }
    }
}

package vn.communeradio.hal.gpio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Digital inputs kept in memory; tests and demos drive them with {@link #setActive}. */
public final class SimulatedInputs implements DigitalInputs {

    private final Map<String, Boolean> state = new LinkedHashMap<>();

    public SimulatedInputs(List<String> names) {
        for (String name : names) {
            state.put(name, false);
        }
    }

    public synchronized void setActive(String name, boolean active) {
        if (!state.containsKey(name)) {
            throw new IllegalArgumentException("no input '" + name + "' (configured: " + state.keySet() + ")");
        }
        state.put(name, active);
    }

    @Override
    public synchronized Map<String, Boolean> read() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    @Override
    public void close() {
    }
}

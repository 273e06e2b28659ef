package vn.communeradio.hal.gpio;

import java.util.Map;

/** Digital inputs of a station, such as mains present, door / tamper switch and amplifier fault. */
public interface DigitalInputs extends AutoCloseable {

    /** Current logical state of every input (true = active, polarity already applied), in wiring order. */
    Map<String, Boolean> read();

    @Override
    void close();
}

package vn.communeradio.gateway.station;

import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.clock.Clocks;
import vn.communeradio.hal.gpio.DigitalInputs;
import vn.communeradio.hal.gpio.RelayOutputs;
import vn.communeradio.hal.sensor.BoardSensors;
import vn.communeradio.hal.watchdog.Watchdog;

/**
 * The station's hardware, opened from configuration. Closing releases it in a safe order: sound first, then
 * every relay off, then the GPIO context (whose shutdown state is "off" too), then the watchdog.
 *
 * @param releaseGpio releases the GPIO context after the relays are off (Pi4J shutdown); no-op when simulated
 * @param clocks      the wall clock and the ticker everything that decides on time reads ({@code hal.clock})
 */
public record Hardware(RelayOutputs relays, DigitalInputs inputs, AudioOutput audio, Watchdog watchdog,
                       BoardSensors sensors, Runnable releaseGpio, Clocks clocks) implements AutoCloseable {

    @Override
    public void close() {
        closeQuietly("audio output", audio::close);
        closeQuietly("relays", relays::close);
        closeQuietly("inputs", inputs::close);
        closeQuietly("GPIO", releaseGpio);
        closeQuietly("watchdog", watchdog::close);
    }

    private static void closeQuietly(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            org.tinylog.Logger.error("closing {} failed: {}", what, e.getMessage());
        }
    }
}

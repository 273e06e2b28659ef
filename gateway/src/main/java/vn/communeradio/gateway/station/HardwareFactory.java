package vn.communeradio.gateway.station;

import vn.communeradio.gateway.config.Config;

/** Opens the station's hardware; tests substitute their own (mock Pi4J context, recording relays). */
@FunctionalInterface
public interface HardwareFactory {

    /**
     * Opens everything and switches every relay off before returning; on failure releases whatever it opened
     * (relays off first) and throws with a message naming the device.
     */
    Hardware open(Config config) throws StartupException;
}

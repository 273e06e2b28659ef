package vn.communeradio.hal.gpio;

import java.time.Instant;

/** One recorded switching of a simulated relay. */
public record RelayChange(String channel, boolean on, Instant at) {
}

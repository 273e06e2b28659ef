package vn.communeradio.gateway.control;

import java.time.Duration;

/**
 * How sessions and the relay sequence run.
 *
 * @param warmup          amplifier on to zones on
 * @param idleHold        the amplifier stays on this long after the last session
 * @param defaultVolume   the station's volume until a {@code volume} command sets one
 * @param emergencyVolume the volume of every emergency
 * @param relayInterval   shortest time between two switchings of one relay
 * @param relayMaxOn      longest time any relay stays on without a break
 */
public record PlaybackSettings(Duration warmup, Duration idleHold, int defaultVolume, int emergencyVolume,
                               Duration relayInterval, Duration relayMaxOn) {
}

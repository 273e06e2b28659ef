package vn.communeradio.hal.gpio;

import java.util.List;

/**
 * The relay outputs of a station: the amplifier's mains relay ({@code amp}) and one relay per speaker zone.
 *
 * <p>Channels are addressed by name. Every implementation starts with all relays off and turns them off again
 * when closed; {@code close()} must be safe to call more than once and from a shutdown hook.
 */
public interface RelayOutputs extends AutoCloseable {

    /** Name of the amplifier relay channel. */
    String AMP = "amp";

    /** The name of zone {@code n} (1-based). */
    static String zone(int n) {
        return "zone" + n;
    }

    /** Channel names in wiring order: {@code amp} first, then zones. */
    List<String> channels();

    /** Switches one channel; an unknown channel is an {@link IllegalArgumentException}. */
    void set(String channel, boolean on);

    boolean isOn(String channel);

    /** Switches every channel off, continuing past channels that fail so that as many as possible end off. */
    void allOff();

    /** All relays off, then the hardware released. */
    @Override
    void close();
}

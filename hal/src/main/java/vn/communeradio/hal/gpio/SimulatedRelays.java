package vn.communeradio.hal.gpio;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Relays kept in memory, recording every change with its time: for demos, development and tests. */
public final class SimulatedRelays implements RelayOutputs {

    private final Clock clock;
    private final Map<String, Boolean> state = new LinkedHashMap<>();
    private final List<RelayChange> history = new CopyOnWriteArrayList<>();
    private final List<String> channels;
    private final SoundingZones sounding;

    public SimulatedRelays(List<String> channels, Clock clock) {
        this.clock = clock;
        this.channels = List.copyOf(channels);
        if (this.channels.size() > Long.SIZE) {
            throw new IllegalArgumentException(this.channels.size() + " relay channels; at most " + Long.SIZE);
        }
        for (String channel : this.channels) {
            state.put(channel, false);
        }
        int[] zoneBits = new int[this.channels.size() + 1];
        for (int n = 1; n < zoneBits.length; n++) {
            zoneBits[n] = this.channels.indexOf(RelayOutputs.zone(n));
        }
        this.sounding = new SoundingZones(this.channels.indexOf(AMP), zoneBits);
    }

    @Override
    public List<String> channels() {
        return channels;
    }

    @Override
    public synchronized void set(String channel, boolean on) {
        Boolean previous = state.get(channel);
        if (previous == null) {
            throw Channels.unknown(channel, channels);
        }
        state.put(channel, on);
        history.add(new RelayChange(channel, on, clock.instant()));
        long bits = 0;
        for (int i = 0; i < channels.size(); i++) {
            bits |= state.get(channels.get(i)) ? 1L << i : 0;
        }
        sounding.update(bits);
    }

    /** Which zones sound now, readable without a lock (by the simulated input's acoustic path). */
    public SoundingZones sounding() {
        return sounding;
    }

    @Override
    public synchronized boolean isOn(String channel) {
        Boolean on = state.get(channel);
        if (on == null) {
            throw Channels.unknown(channel, channels);
        }
        return on;
    }

    @Override
    public synchronized void allOff() {
        for (String channel : channels) {
            set(channel, false);
        }
    }

    /** Every change since creation, oldest first (also the "off" writes of {@link #allOff()}). */
    public List<RelayChange> history() {
        return new ArrayList<>(history);
    }

    @Override
    public void close() {
        allOff();
    }
}

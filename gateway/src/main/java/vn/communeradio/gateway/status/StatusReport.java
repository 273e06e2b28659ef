package vn.communeradio.gateway.status;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import vn.communeradio.gateway.audio.Mixer;
import vn.communeradio.gateway.control.ControlLoop;
import vn.communeradio.gateway.link.LinkStats;
import vn.communeradio.gateway.playback.StreamStats;
import vn.communeradio.hal.audio.AudioOutput;
import vn.communeradio.hal.clock.Ticker;
import vn.communeradio.hal.sensor.BoardSensors;

/**
 * Takes {@link StationStatus} snapshots on any thread: everything it reads is published for other threads (the
 * last state sent, counters, the sound on air), never the control loop's own objects, so that a console asking
 * while the loop is stuck still gets an answer.
 */
public final class StatusReport {

    private final String station;
    private final Ticker ticker;
    private final long startedNanos;
    private final Supplier<Map<String, Object>> publishedState;
    private final Supplier<String> soundHealth;
    private final AudioOutput audio;
    private final BooleanSupplier audioStarted;
    private final StreamStats streams;
    private final Mixer mixer;
    private final Supplier<LinkStats> link;
    private final BoardSensors board;
    private final ControlLoop loop;

    public StatusReport(String station, Ticker ticker, Supplier<Map<String, Object>> publishedState,
                        Supplier<String> soundHealth, AudioOutput audio, BooleanSupplier audioStarted,
                        StreamStats streams, Mixer mixer, Supplier<LinkStats> link, BoardSensors board,
                        ControlLoop loop) {
        this.station = station;
        this.ticker = ticker;
        this.startedNanos = ticker.nanos();
        this.publishedState = publishedState;
        this.soundHealth = soundHealth;
        this.audio = audio;
        this.audioStarted = audioStarted;
        this.streams = streams;
        this.mixer = mixer;
        this.link = link;
        this.board = board;
        this.loop = loop;
    }

    /** Seconds since the station started. */
    public long uptimeSeconds() {
        return (ticker.nanos() - startedNanos) / 1_000_000_000L;
    }

    /** The station now. */
    public StationStatus now() {
        return new StationStatus(station, uptimeSeconds(), publishedState.get(), soundHealth.get(),
                audio.description(), audio.stats(), audioStarted.getAsBoolean(), streams.snapshot(),
                mixer.timer().percentileNanos(0.99) / 1000, mixer.timer().maxNanos() / 1000,
                mixer.limiterReductionDb(), link.get(), board.read(), loop.refused(), loop.failures(),
                loop.sinceLastTurn().toMillis());
    }
}

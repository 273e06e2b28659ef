package vn.communeradio.gateway.config;

import java.time.Instant;

/** The station's wall clock ({@code hal.clock}). */
public sealed interface ClockSpec {

    /** The system clock: every station. */
    record System() implements ClockSpec {
    }

    /** A simulated station's (demos, tests): it reads {@code start} when the service starts, then runs in real time. */
    record Simulated(Instant start) implements ClockSpec {
    }
}

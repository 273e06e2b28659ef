package vn.communeradio.gateway.config;

/** A band of frequencies in Hz, such as a horn's ({@code hal.sim.sense_band}). */
public record FrequencyBand(double lowHz, double highHz) {
}

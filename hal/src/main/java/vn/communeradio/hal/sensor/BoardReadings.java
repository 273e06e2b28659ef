package vn.communeradio.hal.sensor;

/**
 * Health figures of the board at one instant. A figure the board cannot provide is {@code NaN} (temperatures)
 * or {@code -1} (counts).
 *
 * @param cpuTemperatureC    SoC temperature in °C
 * @param load1              one-minute load average
 * @param memAvailableKb     memory available to new work, in KiB
 * @param uptimeSeconds      time since the board booted
 */
public record BoardReadings(double cpuTemperatureC, double load1, long memAvailableKb, long uptimeSeconds) {
}

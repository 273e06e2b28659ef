package vn.communeradio.gateway.config;

/**
 * The configured audio input ({@code hal.audio_in}): none, the JACK output's capture ports, a Java Sound capture
 * line, or the simulated line and sense inputs of a simulated station.
 */
public enum AudioInputMode {
    NONE, JACK, JAVASOUND, SIM
}

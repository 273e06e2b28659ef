package vn.communeradio.gateway.config;

/** Where relays and inputs live: in memory ({@code sim}) or on real GPIO lines ({@code pi4j}). */
public enum GpioMode {
    SIM, PI4J
}

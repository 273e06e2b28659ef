package vn.communeradio.hal.sensor;

/** Reads the board's own health figures (temperature, load, memory, uptime). */
public interface BoardSensors {

    /** Never throws: a figure that cannot be read is reported as unknown. */
    BoardReadings read();
}

package vn.communeradio.hal.audio;

/**
 * Counters of an audio output, read from any thread.
 *
 * @param running    the output is currently calling its renderer
 * @param callbacks  periods rendered since start
 * @param frames     frames rendered since start
 * @param xruns      periods the device missed (JACK xruns, late paced periods, ALSA underruns)
 * @param reconnects times the output re-opened its device after losing it (e.g. a JACK server restart)
 * @param renderFailures periods played as silence because the renderer threw (the output kept going)
 * @param lastError  the last device problem in words a technician can act on, or null
 */
public record AudioOutputStats(boolean running, long callbacks, long frames, long xruns, long reconnects,
                               long renderFailures, String lastError) {
}

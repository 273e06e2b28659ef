package vn.communeradio.hal.audio;

/** An audio device could not be opened or started; the message says which device and why. */
public class AudioOutputException extends Exception {

    public AudioOutputException(String message) {
        super(message);
    }

    public AudioOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}

package vn.communeradio.gateway.playback;

import vn.communeradio.gateway.command.RejectCode;

/** How a sound tells its session it is over; called from the sound's own thread. */
public interface SoundEvents {

    /** The source ended properly and everything was played: the session is {@code finished}. */
    void ended();

    /** The source cannot be played: the session is {@code failed} with {@code code} and a reason for people. */
    void failed(RejectCode code, String reason);
}

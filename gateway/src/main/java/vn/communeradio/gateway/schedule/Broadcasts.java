package vn.communeradio.gateway.schedule;

/** What the scheduler asks of the station's playback; called on the control loop. */
public interface Broadcasts {

    /** Starts the session of an occurrence (priorities and the relay sequence apply as for {@code play}). */
    void play(Firing firing);

    /**
     * An occurrence that will never play: its time passed by more than the late grace while the station was
     * down or its clock untrusted or jumping. The journal records it, so central sees the gap.
     */
    void missed(Firing firing, String reason);

    /** Ends every running or waiting session of an item, because the item was removed. */
    void stopItem(String itemId);
}

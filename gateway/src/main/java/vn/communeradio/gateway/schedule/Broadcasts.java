package vn.communeradio.gateway.schedule;

/** What the scheduler asks of the station's playback; called on the control loop. */
public interface Broadcasts {

    /** Starts the session of an occurrence (priorities and the relay sequence apply as for {@code play}). */
    void play(Firing firing);

    /** Ends every running or waiting session of an item, because the item was removed. */
    void stopItem(String itemId);
}

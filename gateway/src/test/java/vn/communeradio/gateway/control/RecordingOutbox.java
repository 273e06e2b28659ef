package vn.communeradio.gateway.control;

import java.util.ArrayList;
import java.util.List;

/** An {@link Outbox} that keeps what the control sends, acks and states apart, each in order, as JSON text. */
final class RecordingOutbox implements Outbox {

    final List<String> acks = new ArrayList<>();
    final List<String> states = new ArrayList<>();

    @Override
    public void ack(String json) {
        acks.add(json);
    }

    @Override
    public void state(String json) {
        states.add(json);
    }
}

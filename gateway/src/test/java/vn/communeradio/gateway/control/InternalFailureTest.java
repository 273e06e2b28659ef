package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.command.Volume;

/** The station's own failure is acked {@code internal}, never as the sender's fault ({@code malformed}). */
class InternalFailureTest {

    @TempDir
    Path dir;

    @Test
    void aVolumeThatCannotBeSavedIsRejectedInternalAndChangesNothing() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("state"), "a file where the state directory should be");
        List<String> acks = new ArrayList<>();
        Outbox outbox = new Outbox() {
            @Override
            public void ack(String json) {
                acks.add(json);
            }

            @Override
            public void state(String json) {
                acks.add("state " + json);
            }
        };
        ControlLoop loop = ControlLoop.drivenBy(() -> 0);
        StationControl control = new StationControl("st-1", loop, events -> null, null, outbox, () -> 5_000L,
                () -> true, notADirectory);
        control.execute(new Envelope("v-1", "test", "station/st-1", 0, 60, "district", Priority.NORMAL, false,
                "volume", 0), new Volume(30, List.of()));
        assertEquals(1, acks.size(), "one rejection, no state change: " + acks);
        assertTrue(acks.get(0).contains("\"status\":\"rejected\",\"code\":\"internal\""), acks.get(0));
        assertTrue(acks.get(0).contains("volume not saved") && acks.get(0).contains("state directory"), acks.get(0));
    }
}

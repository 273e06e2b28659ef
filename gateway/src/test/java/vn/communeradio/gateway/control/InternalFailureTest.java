package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
        RecordingOutbox outbox = new RecordingOutbox();
        ControlLoop loop = ControlLoop.drivenBy(() -> 0);
        StationControl control = new StationControl("st-1", loop, events -> null, null, outbox, () -> 5_000L,
                () -> true, notADirectory);
        control.execute(new Envelope("v-1", "test", "station/st-1", 0, 60, "district", Priority.NORMAL, false,
                "volume", 0), new Volume(30, List.of()));
        assertEquals(List.of(), outbox.states, "no state change");
        assertEquals(1, outbox.acks.size(), "one rejection: " + outbox.acks);
        String ack = outbox.acks.get(0);
        assertTrue(ack.contains("\"status\":\"rejected\",\"code\":\"internal\""), ack);
        assertTrue(ack.contains("volume not saved") && ack.contains("state directory"), ack);
    }
}

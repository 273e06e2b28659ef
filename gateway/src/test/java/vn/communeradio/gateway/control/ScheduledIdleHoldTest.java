package vn.communeradio.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.command.Commands;
import vn.communeradio.gateway.command.Envelope;
import vn.communeradio.gateway.command.Priority;
import vn.communeradio.gateway.journal.LogOutcome;

/** The idle hold before a scheduled item, on the driven loop with the station's own scheduler. */
class ScheduledIdleHoldTest {

    @TempDir
    Path dir;

    @Test
    void theIdleHoldLastsUntilAScheduledItemDueBeforeTheAmplifierCouldBeWarmAgain() throws Exception {
        ControlFixture f = new ControlFixture(dir, PlaybackTest.WARMUP, false);
        // the test starts at 07:00:00 station time: the item is due 60 s in
        f.control.execute(new Envelope("c-1", "province", "station/st-1", 5, 65, "province", Priority.HIGH, false,
                "schedule", 0), Commands.parse("schedule", Map.of("op", "put", "items", List.of(Map.of(
                "id", "notice", "days", "daily", "at", "07:01", "source", "tone:440", "duration_s", 1L))), "c-1"));
        assertEquals("finished", f.lastAck("c-1").get("status"), f.acks.toString());

        f.station.pass(27_000);
        f.control.execute(new Envelope("c-2", "district", "station/st-1", 5, 65, "district", Priority.NORMAL, false,
                "play", 0), Commands.parse("play", Map.of("source", "tone:440", "duration_s", 2L), "c-2"));
        // on air 28,000 to 29,000, zones off 29,025, the hold over at 59,025: 975 ms before the item is due. Switched
        // off then, the amplifier could be on again only at 60,025 and warm at 61,025, after the item's 1 s
        f.station.pass(34_000);
        assertEquals(List.of("27000 amp on", "28000 zone1 on", "28000 zone2 on", "29025 zone1 off",
                "29025 zone2 off", "60000 zone1 on", "60000 zone2 on"), f.station.switched(),
                "the amplifier held on for the item, which sounded at its time; records " + f.records);
        f.station.pass(PlaybackTest.FADE);
        assertTrue(f.records.stream().anyMatch(r -> r.session().startsWith("sched:notice:")
                && r.outcome() == LogOutcome.FINISHED && r.played().audioMillis() == 1000), f.records.toString());
    }
}

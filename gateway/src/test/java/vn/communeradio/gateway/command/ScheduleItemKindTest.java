package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A schedule item of kind selftest: the province's 03:00 test of every station, stored and read back as sent. */
class ScheduleItemKindTest {

    @Test
    void aSelfTestItemHasNoSourceRunsAtLowAndSurvivesStorage() throws Exception {
        ScheduleItem item = ScheduleItem.fromJson(Map.of("id", "nightly", "kind", "selftest", "days", "daily",
                "at", "03:00", "zones", List.of(2L, 1L)), "items[0]");
        assertEquals(ScheduleItem.Kind.SELFTEST, item.kind());
        assertEquals(Priority.LOW, item.priority());
        assertEquals(List.of(2, 1), item.zones());
        assertEquals(Map.of("id", "nightly", "kind", "selftest", "days", "daily", "at", "03:00", "zones",
                List.of(2, 1)), item.toJson());
        assertEquals(item, ScheduleItem.fromJson(vn.communeradio.gateway.json.Json.parse(
                vn.communeradio.gateway.json.Json.write(item.toJson())), "stored"));
        ScheduleItem play = ScheduleItem.fromJson(Map.of("id", "news", "days", "daily", "at", "06:00",
                "source", "tone:440"), "items[1]");
        assertEquals(ScheduleItem.Kind.PLAY, play.kind());
        assertTrue(!play.toJson().containsKey("kind"), "a play item is stored as before");
    }

    @Test
    void aSelfTestItemTakesNoSourceAndAnUnknownKindIsMalformed() {
        CommandException source = assertThrows(CommandException.class, () -> ScheduleItem.fromJson(Map.of("id", "n",
                "kind", "selftest", "days", "daily", "at", "03:00", "source", "tone:440"), "items[0]"));
        assertEquals(RejectCode.MALFORMED, source.code());
        CommandException kind = assertThrows(CommandException.class, () -> ScheduleItem.fromJson(Map.of("id", "n",
                "kind", "reboot", "days", "daily", "at", "03:00"), "items[0]"));
        assertTrue(kind.reason().contains("accepted: play (the default) or selftest"), kind.reason());
    }
}

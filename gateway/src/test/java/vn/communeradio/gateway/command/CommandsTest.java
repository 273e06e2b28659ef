package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.communeradio.gateway.json.Json;

/** Argument validation of every command, through {@link Commands#parse} on JSON text as it arrives. */
class CommandsTest {

    private static Command parse(String cmd, String argsJson) throws Exception {
        return Commands.parse(cmd, argsJson == null ? null : Json.parse(argsJson), "jti-1");
    }

    /** Asserts {@code malformed} (or the given code) with a reason containing every fragment. */
    private static void refused(String cmd, String argsJson, String... fragments) {
        CommandException e = assertThrows(CommandException.class, () -> parse(cmd, argsJson), argsJson);
        assertEquals(RejectCode.MALFORMED, e.code(), e.reason());
        for (String fragment : fragments) {
            assertTrue(e.reason().contains(fragment), "reason '" + e.reason() + "' lacks '" + fragment + "'");
        }
    }

    // --- play ---------------------------------------------------------------------------------------------------

    @Test
    void playWithOnlyASourceGetsTheDefaults() throws Exception {
        Play p = assertInstanceOf(Play.class, parse("play", "{\"source\":\"https://radio.example/live\"}"));
        assertEquals(List.of("https://radio.example/live"), p.source());
        assertEquals(PlayMode.STREAM, p.mode());
        assertEquals(Priority.NORMAL, p.priority());
        assertEquals("jti-1", p.session());
        assertNull(p.volume());
        assertEquals(List.of(), p.zones());
        assertNull(p.durationS());
        assertNull(p.startAt());
        assertNull(p.sha256());
    }

    @Test
    void playWithEveryField() throws Exception {
        Play p = (Play) parse("play", "{\"source\":[\"http://a.example/x.mp3\",\"file:///var/lib/x.mp3\",\"tone:440\"],"
                + "\"mode\":\"file\",\"priority\":\"high\",\"session\":\"flood-2025:1\",\"volume\":0,\"zones\":[2,1],"
                + "\"duration_s\":600,\"start_at\":1764300000,\"sha256\":\"" + "AB".repeat(32) + "\"}");
        assertEquals(3, p.source().size());
        assertEquals(PlayMode.FILE, p.mode());
        assertEquals(Priority.HIGH, p.priority());
        assertEquals("flood-2025:1", p.session());
        assertEquals(0, p.volume());
        assertEquals(List.of(2, 1), p.zones());
        assertEquals(600L, p.durationS());
        assertEquals(1764300000L, p.startAt());
        assertEquals("ab".repeat(32), p.sha256());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://a.example", "HTTPS://a.example:8443/live?x=1", "file:/srv/a.mp3", "file:///srv/a.mp3",
            "file://localhost/srv/a.mp3", "tone:20", "tone:20000", "tone:0440", "http://[::1]:8000/s", "input:line"})
    void acceptedSources(String url) throws Exception {
        assertEquals(List.of(url), ((Play) parse("play", Json.write(java.util.Map.of("source", url)))).source());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://a.example/x | scheme 'ftp' which is not playable",
        "rtsp://a.example/x | scheme 'rtsp'",
        "javascript:alert(1) | scheme 'javascript'",
        "a.example/x.mp3 | has no scheme",
        "http:///x | has no host",
        "http://a b/ | not a valid URL",
        "file:relative/x.mp3 | absolute path",
        "file://server/share/x.mp3 | remote host",
        "file:/srv/../etc/shadow | '..' segments",
        "file:/srv/%2e%2e/etc/shadow | '..' segments",
        "tone:19 | 19 Hz; accepted 20..20000",
        "tone:20001 | 20001 Hz",
        "tone:440hz | tone:<frequency in Hz",
        "tone: | tone:<frequency",
        "tone:-5 | tone:<frequency",
        "input:mic | names no input of a station; the one there is: input:line",
        "input:LINE | names no input",
        "input: | names no input",
    })
    void refusedSourcesSayWhy(String url, String why) {
        refused("play", Json.write(java.util.Map.of("source", url)), "args.source", why, "accepted: http://");
    }

    @Test
    void sourceListsAreCheckedItemByItem() {
        refused("play", "{\"source\":[\"http://a.example\",\"ftp://b\"]}", "args.source[1] 'ftp://b'");
        refused("play", "{\"source\":[]}", "a URL or a list of 1-16 URLs");
        refused("play", "{\"source\":[\"input:line\",\"http://a.example\"]}", "args.source: input:line is live and "
                + "plays alone");
        refused("play", "{\"source\":[\"tone:440\",\"input:line\"]}", "plays alone");
        refused("play", "{\"source\":[\"http://a.example\",5]}", "lists an integer");
        refused("play", "{\"source\":5}", "args.source is 5");
        refused("play", "{}", "args.source is missing");
        refused("play", "{\"source\":\"\"}", "is empty");
        refused("play", Json.write(java.util.Map.of("source", "http://a.example/" + "x".repeat(2100))), "longer than 2048");
        refused("play", Json.write(java.util.Map.of("source", java.util.Collections.nCopies(17, "tone:440"))), "1-16 URLs");
    }

    @Test
    void playFieldsAreRangeChecked() {
        refused("play", "{\"source\":\"tone:440\",\"volume\":101}", "args.volume is 101", "an integer 0..100");
        refused("play", "{\"source\":\"tone:440\",\"volume\":-1}", "args.volume is -1");
        refused("play", "{\"source\":\"tone:440\",\"volume\":\"50\"}", "args.volume is the string '50'");
        refused("play", "{\"source\":\"tone:440\",\"volume\":50.5}", "args.volume is 50.5");
        refused("play", "{\"source\":\"tone:440\",\"zones\":[0]}", "args.zones lists 0", "zone numbers 1..8");
        refused("play", "{\"source\":\"tone:440\",\"zones\":[9]}", "lists 9");
        refused("play", "{\"source\":\"tone:440\",\"zones\":[2,1,2]}", "args.zones lists zone 2 twice; accepted: each "
                + "zone once");
        refused("play", "{\"source\":\"tone:440\",\"zones\":[]}", "a list of 1..8 items");
        refused("play", "{\"source\":\"tone:440\",\"zones\":1}", "args.zones is 1");
        refused("play", "{\"source\":\"tone:440\",\"duration_s\":0}", "args.duration_s is 0", "1..31622400");
        refused("play", "{\"source\":\"tone:440\",\"start_at\":1764300000000}", "args.start_at");
        refused("play", "{\"source\":\"tone:440\",\"mode\":\"live\"}", "args.mode is 'live'", "stream, file");
        refused("play", "{\"source\":\"tone:440\",\"priority\":\"urgent\"}", "args.priority is 'urgent'",
                "low, normal, high, emergency");
        refused("play", "{\"source\":\"tone:440\",\"priority\":\"EMERGENCY\"}", "args.priority");
        refused("play", "{\"source\":\"tone:440\",\"session\":\"a/b\"}", "args.session is 'a/b'");
        refused("play", "{\"source\":\"tone:440\",\"sha256\":\"abc\"}", "args.sha256", "64 hex digits");
        refused("play", "{\"source\":\"tone:440\",\"sha256\":\"" + "g".repeat(64) + "\"}", "64 hex digits");
    }

    @Test
    void unknownMembersAreNamedWithTheAcceptedOnes() {
        refused("play", "{\"source\":\"tone:440\",\"volumn\":5}", "args: unknown member 'volumn'",
                "accepted: source, mode, priority, session, volume, zones, duration_s, start_at, sha256");
        refused("ping", "{\"x\":1}", "unknown member 'x'", "accepted: none");
        refused("stop", "{\"session\":\"a\",\"all\":true}", "unknown member 'all'", "accepted: session");
    }

    @Test
    void nullMeansAbsentForOptionalMembers() throws Exception {
        Play p = (Play) parse("play", "{\"source\":\"tone:440\",\"volume\":null,\"zones\":null,\"session\":null}");
        assertNull(p.volume());
        assertEquals("jti-1", p.session());
        refused("play", "{\"source\":null}", "args.source is missing");
    }

    @Test
    void argsMustBeAnObject() {
        refused("play", "[\"tone:440\"]", "args must be an object, found an array");
    }

    @Test
    void unknownCommandsAreUnsupported() {
        CommandException e = assertThrows(CommandException.class, () -> parse("Play", "{}"));
        assertEquals(RejectCode.UNSUPPORTED, e.code());
        assertTrue(e.reason().contains("command 'Play' is not supported"), e.reason());
    }

    // --- stop, volume, ping -------------------------------------------------------------------------------------

    @Test
    void stopVolumeAndPing() throws Exception {
        assertNull(((Stop) parse("stop", null)).session());
        assertEquals("s-1", ((Stop) parse("stop", "{\"session\":\"s-1\"}")).session());
        assertEquals(new Volume(100, List.of()), parse("volume", "{\"level\":100}"));
        assertEquals(new Volume(0, List.of(3)), parse("volume", "{\"level\":0,\"zones\":[3]}"));
        refused("volume", "{}", "args.level is missing");
        refused("volume", "{\"level\":true}", "args.level is true");
        assertEquals(new Ping(), parse("ping", null));
        assertEquals(new Ping(), parse("ping", "{}"));
    }

    @Test
    void aSourceTheStationMakesItselfTakesNoFileModeNorChecksum() throws Exception {
        String sha = ",\"sha256\":\"" + "ab".repeat(32) + "\"";
        refused("play", "{\"source\":\"input:line\",\"mode\":\"file\"}",
                "args.mode file is for a file to fetch, and the station makes input:line itself; "
                        + "send it without args.mode");
        refused("play", "{\"source\":\"input:line\"" + sha + "}", "args.sha256 is for a file", "input:line itself");
        refused("play", "{\"source\":\"tone:440\",\"mode\":\"file\"}", "makes tone:440 itself");
        refused("play", "{\"source\":[\"tone:440\",\"tone:880\"]" + sha + "}", "makes tone:440, tone:880 itself");
        assertEquals(PlayMode.FILE, ((Play) parse("play", "{\"source\":[\"file:/srv/a.mp3\",\"tone:440\"],"
                + "\"mode\":\"file\"" + sha + "}")).mode(), "a tone as the last resort after a file is fine");
        assertEquals(PlayMode.STREAM, ((Play) parse("play", "{\"source\":\"input:line\",\"mode\":\"stream\"}")).mode());
    }

    // --- selftest -----------------------------------------------------------------------------------------------

    @Test
    void selftestOfNoZonesOrAnEmptyListTestsEveryZone() throws Exception {
        assertEquals(List.of(), ((Selftest) parse("selftest", "{}")).zones());
        assertEquals(List.of(), ((Selftest) parse("selftest", "{\"zones\":[]}")).zones(),
                "an empty list is every zone, as docs/protocol.md says");
        assertEquals(List.of(2), ((Selftest) parse("selftest", "{\"zones\":[2]}")).zones());
        refused("selftest", "{\"zones\":[0]}", "args.zones lists 0");
    }

    // --- schedule -----------------------------------------------------------------------------------------------

    private static final String ITEM = "{\"id\":\"news-am\",\"days\":[\"mon\",\"wed\",\"fri\"],\"at\":\"06:30\","
            + "\"source\":\"http://r.example/news.mp3\",\"mode\":\"file\",\"duration_s\":900,\"priority\":\"high\","
            + "\"zones\":[1,2],\"volume\":60,\"from\":\"2025-12-01\",\"until\":\"2026-03-31\"}";

    @Test
    void schedulePutWithEveryField() throws Exception {
        Schedule s = (Schedule) parse("schedule", "{\"op\":\"put\",\"items\":[" + ITEM + "]}");
        assertEquals(Schedule.Op.PUT, s.op());
        ScheduleItem item = s.items().get(0);
        assertEquals("news-am", item.id());
        assertEquals(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY), item.days());
        assertEquals(LocalTime.of(6, 30), item.at());
        assertEquals(PlayMode.FILE, item.mode());
        assertEquals(900L, item.durationS());
        assertEquals(Priority.HIGH, item.priority());
        assertEquals(List.of(1, 2), item.zones());
        assertEquals(60, item.volume());
        assertEquals(LocalDate.of(2025, 12, 1), item.from());
        assertEquals(LocalDate.of(2026, 3, 31), item.until());
        assertEquals(Priority.HIGH, s.highestPriority());
    }

    @Test
    void scheduleItemsRoundTripThroughJson() throws Exception {
        ScheduleItem item = ((Schedule) parse("schedule", "{\"op\":\"put\",\"items\":[" + ITEM + "]}")).items().get(0);
        String stored = Json.write(item.toJson());
        assertEquals(item, ScheduleItem.fromJson(Json.parse(stored), "schedule.items[0]"));
        ScheduleItem daily = ((Schedule) parse("schedule", "{\"op\":\"put\",\"items\":[{\"id\":\"d\",\"days\":\"daily\","
                + "\"at\":\"00:00\",\"source\":[\"tone:440\",\"tone:880\"]}]}")).items().get(0);
        assertEquals(Set.of(DayOfWeek.values()), daily.days());
        assertEquals("{\"id\":\"d\",\"days\":\"daily\",\"at\":\"00:00\",\"source\":[\"tone:440\",\"tone:880\"],"
                + "\"mode\":\"stream\",\"priority\":\"normal\"}", Json.write(daily.toJson()));
        assertEquals(daily, ScheduleItem.fromJson(Json.parse(Json.write(daily.toJson())), "x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"days\":\"monday\" | args.items[0].days is the string 'monday'",
        "\"days\":[] | args.items[0].days is an array of 0 items",
        "\"days\":[\"mon\",\"mon\"] | distinct days",
        "\"days\":[\"Mon\"] | lists the string 'Mon'",
        "\"at\":\"7:00\" | args.items[0].at is '7:00'; accepted: local time HH:MM",
        "\"at\":\"24:00\" | at is '24:00'",
        "\"at\":\"12:60\" | at is '12:60'",
        "\"at\":\"12:30:00\" | HH:MM",
        "\"at\":730 | args.items[0].at is 730",
        "\"from\":\"2025-02-30\" | args.items[0].from is '2025-02-30'; accepted: a date YYYY-MM-DD",
        "\"from\":\"25-01-01\" | YYYY-MM-DD",
        "\"from\":\"2026-01-02\",\"until\":\"2026-01-01\" | until 2026-01-01 is before",
        "\"volume\":200 | args.items[0].volume is 200",
        "\"priority\":\"max\" | args.items[0].priority",
        "\"extra\":1 | args.items[0]: unknown member 'extra'",
        "\"mode\":\"file\" | args.items[0].mode file is for a file to fetch, and the station makes tone:440 itself",
        "\"mode\":\"file\",\"source\":\"input:line\" | the station makes input:line itself; send it without",
    })
    void scheduleItemFieldsAreChecked(String member, String why) throws Exception {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> item = (java.util.Map<String, Object>) Json.parse(
                "{\"id\":\"x\",\"days\":\"daily\",\"at\":\"06:00\",\"source\":\"tone:440\"}");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> changed = (java.util.Map<String, Object>) Json.parse("{" + member + "}");
        item.putAll(changed);
        refused("schedule", "{\"op\":\"put\",\"items\":[" + Json.write(item) + "]}", why);
    }

    @Test
    void scheduleOpsAndTheirMembers() throws Exception {
        Schedule remove = (Schedule) parse("schedule", "{\"op\":\"remove\",\"ids\":[\"a\",\"b\"]}");
        assertEquals(List.of("a", "b"), remove.ids());
        assertEquals(Schedule.Op.CLEAR, ((Schedule) parse("schedule", "{\"op\":\"clear\"}")).op());
        refused("schedule", "{\"op\":\"clear\",\"items\":[]}", "unknown member 'items'", "accepted: op");
        refused("schedule", "{\"op\":\"remove\",\"items\":[" + ITEM + "]}", "unknown member 'items'", "op, ids");
        refused("schedule", "{\"op\":\"remove\",\"ids\":[\"a\",\"a\"]}", "distinct item ids");
        refused("schedule", "{\"op\":\"remove\",\"ids\":[]}", "1..500");
        refused("schedule", "{\"op\":\"replace\"}", "args.op is 'replace'", "put, remove, clear");
        refused("schedule", "{}", "args.op is missing");
        refused("schedule", "{\"op\":\"put\",\"items\":[" + ITEM + "," + ITEM + "]}", "args.items[1].id 'news-am' appears twice");
        refused("schedule", "{\"op\":\"put\",\"items\":[\"x\"]}", "args.items[0] must be an object");
        refused("schedule", "{\"op\":\"put\"}", "args.items is missing");
    }

    // --- keys ---------------------------------------------------------------------------------------------------

    @Test
    void keysAddAndRevoke() throws Exception {
        var pair = Fixture.generate();
        String pem = Json.write(Pem.write(pair.getPublic()));
        Keys add = (Keys) parse("keys", "{\"op\":\"add\",\"kid\":\"commune-7\",\"pem\":" + pem
                + ",\"max_priority\":\"high\",\"admin\":true}");
        assertEquals(Keys.Op.ADD, add.op());
        assertEquals(pair.getPublic(), add.key());
        assertEquals(Priority.HIGH, add.maxPriority());
        assertTrue(add.admin());
        Keys revoke = (Keys) parse("keys", "{\"op\":\"revoke\",\"kid\":\"commune-7\"}");
        assertEquals(new Keys(Keys.Op.REVOKE, "commune-7", null, null, false), revoke);
        refused("keys", "{\"op\":\"add\",\"kid\":\"x\",\"pem\":\"junk\",\"max_priority\":\"high\"}",
                "args.pem: no '-----BEGIN PUBLIC KEY-----' line");
        refused("keys", "{\"op\":\"add\",\"kid\":\"x\",\"pem\":" + Json.write(Pem.write(pair.getPrivate()))
                + ",\"max_priority\":\"high\"}", "this is a PRIVATE key");
        refused("keys", "{\"op\":\"add\",\"kid\":\"x\",\"pem\":" + pem + "}", "args.max_priority is missing");
        refused("keys", "{\"op\":\"add\",\"kid\":\"x\",\"pem\":" + pem + ",\"max_priority\":\"high\",\"admin\":1}",
                "args.admin is 1", "true or false");
        refused("keys", "{\"op\":\"add\",\"kid\":\"a:b\",\"pem\":" + pem + ",\"max_priority\":\"high\"}",
                "args.kid is 'a:b'");
        refused("keys", "{\"op\":\"revoke\",\"kid\":\"x\",\"pem\":" + pem + "}", "unknown member 'pem'");
        refused("keys", "{\"op\":\"rotate\",\"kid\":\"x\"}", "args.op is 'rotate'", "add, revoke");
    }

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void updateNamesAVersionAUrlAndItsHash() throws Exception {
        Update u = assertInstanceOf(Update.class, parse("update", "{\"version\":\"1:2.0.0~rc1+b2-3\","
                + "\"url\":\"https://updates.example.vn/commune-radio_2.0.0_all.deb\",\"sha256\":\""
                + SHA.toUpperCase(java.util.Locale.ROOT) + "\"}"));
        assertEquals("1:2.0.0~rc1+b2-3", u.version());
        assertEquals(SHA, u.sha256(), "kept in lowercase, as sha256sum prints it");
        assertNull(u.size());
        assertNull(u.notBefore());
        assertEquals(0, u.windowS());
        assertEquals(false, u.allowDowngrade());
        Update waves = assertInstanceOf(Update.class, parse("update", "{\"version\":\"2.0.0\",\"url\":"
                + "\"http://10.0.0.1/p.deb\",\"sha256\":\"" + SHA + "\",\"size\":4200000,\"not_before\":1764300000,"
                + "\"window_s\":86400,\"allow_downgrade\":true}"));
        assertEquals(4_200_000L, waves.size());
        assertEquals(1_764_300_000L, waves.notBefore());
        assertEquals(86_400L, waves.windowS());
        assertTrue(waves.allowDowngrade());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"url\":\"http://a.example/p.deb\",\"sha256\":\"%s\"}|args.version is missing",
        "{\"version\":\"v2\",\"url\":\"http://a.example/p.deb\",\"sha256\":\"%s\"}|a Debian package version",
        "{\"version\":\"2.0;reboot\",\"url\":\"http://a.example/p.deb\",\"sha256\":\"%s\"}|a Debian package version",
        "{\"version\":\"1a:2.0\",\"url\":\"http://a.example/p.deb\",\"sha256\":\"%s\"}|epoch (before ':') must be digits",
        "{\"version\":\"2.0-\",\"url\":\"http://a.example/p.deb\",\"sha256\":\"%s\"}|revision after the last '-' is empty",
        "{\"version\":\"1:2:3\",\"url\":\"http://a.example/p.deb\",\"sha256\":\"%s\"}|upstream version may hold only",
        "{\"version\":\"1.000000000000000000000000000000000000000000000000000000000000000\",\"url\":\"http://a.example/p.deb\",\"sha256\":\"%s\"}|longer than 64",
        "{\"version\":\"2.0\",\"url\":\"file:/tmp/p.deb\",\"sha256\":\"%s\"}|not an http(s) URL",
        "{\"version\":\"2.0\",\"url\":\"http://a.example/p.deb\",\"sha256\":\"abc\"}|64 hex digits",
        "{\"version\":\"2.0\",\"url\":\"http://a.example/p.deb\",\"sha256\":\"%s\",\"window_s\":-1}|args.window_s",
        "{\"version\":\"2.0\",\"url\":\"http://a.example/p.deb\",\"sha256\":\"%s\",\"reboot\":true}|unknown member",
    })
    void updateArgumentsAreChecked(String caseText) {
        String[] parts = caseText.split("\\|");
        refused("update", parts[0].replace("%s", SHA), parts[1]);
    }
}

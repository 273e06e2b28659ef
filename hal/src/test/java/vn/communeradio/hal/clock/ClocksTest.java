package vn.communeradio.hal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ClocksTest {

    @Test
    void aSimulatedWallClockStartsWhereItIsToldAndRunsWithItsTicker() {
        long[] nanos = {5_000_000_000L};
        Clocks clocks = Clocks.startingAt(Instant.parse("2026-06-12T00:59:50Z"), () -> nanos[0]);
        assertEquals(Instant.parse("2026-06-12T00:59:50Z"), clocks.wall().instant());
        nanos[0] += 12_345_678_901L;
        assertEquals(Instant.parse("2026-06-12T01:00:02.345Z"), clocks.wall().instant(), "12.3456789 s later");
        assertEquals(ZonedDateTime.parse("2026-06-12T08:00:02.345+07:00[Asia/Ho_Chi_Minh]"),
                ZonedDateTime.now(clocks.wall().withZone(ZoneId.of("Asia/Ho_Chi_Minh"))));
    }
}

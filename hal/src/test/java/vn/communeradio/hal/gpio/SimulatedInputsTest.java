package vn.communeradio.hal.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedInputsTest {

    @TempDir
    Path dir;

    @Test
    void aFileFromAnotherProcessPressesAndReleasesAnInput() throws Exception {
        Path file = dir.resolve("inputs");
        SimulatedInputs inputs = new SimulatedInputs(List.of("ptt", "door"), file);
        assertEquals(Map.of("ptt", false, "door", false), inputs.read(), "no file yet: all inactive");

        write(file, "# pressed\nptt = 1\n", 1);
        assertEquals(Map.of("ptt", true, "door", false), inputs.read());

        write(file, "ptt = 0\ndoor=1\n", 2);
        assertEquals(Map.of("ptt", false, "door", true), inputs.read());
    }

    @Test
    void aBadLineChangesNothingElse() throws Exception {
        Path file = dir.resolve("inputs");
        SimulatedInputs inputs = new SimulatedInputs(List.of("ptt"), file);
        write(file, "ptt = 1\n", 1);
        inputs.read();
        write(file, "ptt = yes\nmains = 1\n", 2);
        assertEquals(Map.of("ptt", true), inputs.read(), "an unknown input and a bad value are ignored");
    }

    @Test
    void setActiveStillWorksBesideTheFile() throws Exception {
        SimulatedInputs inputs = new SimulatedInputs(List.of("ptt"), dir.resolve("absent"));
        inputs.setActive("ptt", true);
        assertEquals(Map.of("ptt", true), inputs.read(), "a missing file changes nothing");
    }

    /** Writes and stamps the file apart from the last write: two writes within a clock tick must both be seen. */
    private static void write(Path file, String text, int second) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + second)));
    }
}

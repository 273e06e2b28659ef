package vn.communeradio.tests.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command works: the demo jar that {@code scripts/run-simulated} runs, run as a process with
 * {@code --tour-only}, sees every step of its tour (a schedule fires, an emergency preempts it, it resumes, the
 * relays sequence, a push-to-talk announcement, a self-test finding a dead zone) and leaves the speakers' audio
 * in a WAV file. The station's simulated clock starts 18 s before a minute: no real minute boundary to wait for.
 */
class DemoTest {

    static final Path DEMO_JAR = Path.of(System.getProperty("demo.jar", "target/commune-radio-demo.jar"));

    @TempDir
    Path dir;

    @Test
    void theTourRunsToItsEndAndTheSpeakersGotTheAudio() throws Exception {
        Path output = dir.resolve("demo.out");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                DEMO_JAR.toString(), "--tour-only", "--dir", dir.resolve("sim").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(demo.waitFor(4, TimeUnit.MINUTES), "the tour takes under 2 minutes");
        } finally {
            demo.destroyForcibly();
        }
        String out = Files.readString(output);
        assertEquals(0, demo.exitValue(), out);
        assertTrue(out.contains("demo: tour complete: every step seen."), out);
        assertInOrder(out, List.of("relays    amplifier ON", "relays    zones 1,2 ON", "  preempted",
                "flood-warning  started", "flood-warning  finished", "heard ok", "started (resumed)", "normal  finished",
                "relays    amplifier OFF", "push-to-talk", "relays    amplifier ON", "  started", "  finished",
                "input:line", "selftest", "zone 1 ok", "zone 2 SILENT", "station dev-0001 stopped; relays off"));
        // the state with the fault and the self-test's final ack come in either order
        assertTrue(out.contains("faults [zone 2 silent] (retained state)"), out);

        SpeakerFile speakers = SpeakerFile.read(dir.resolve("sim").resolve("speakers.wav"));
        // the 10 s bulletin once, resumed where the warning cut it less 1 s of overlap, the 6 s warning, the ~3 s
        // announcement and the self-test's ~6 s of bursts: ~26 s; 29 s and more would be the bulletin played again
        assertTrue(speakers.audibleSeconds() >= 24 && speakers.audibleSeconds() <= 28.5, speakers.toString());
        assertTrue(out.contains("what the speakers got: " + speakers), out);
    }

    private static void assertInOrder(String text, List<String> fragments) {
        int at = 0;
        for (String fragment : fragments) {
            int found = text.indexOf(fragment, at);
            assertTrue(found >= 0, "'" + fragment + "' after position " + at + " in:\n" + text);
            at = found + fragment.length();
        }
    }
}

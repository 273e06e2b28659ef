package vn.communeradio.tests.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provisioning script of the broker example: a bad station list is refused and leaves the ACL as it was. */
class StationAclScriptTest {

    private static final Path SCRIPT = ProvinceBrokerExampleTest.EXAMPLE.resolve("make-station-acl");

    @TempDir
    Path dir;

    private record Run(int status, String output) {
    }

    private Run run(String csv, Path acl, String... options) throws Exception {
        Path list = Files.writeString(dir.resolve("stations.csv"), csv);
        var command = new java.util.ArrayList<>(java.util.List.of(SCRIPT.toString()));
        command.addAll(java.util.List.of(options));
        command.addAll(java.util.List.of(list.toString(), acl.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void writesPatternsAndOneStanzaPerStationWithItsGroupsUnderThePrefix() throws Exception {
        Path acl = dir.resolve("acl-stations");
        Run run = run("st-1, g-1 g-2\r\n\n# comment\nst-2,\n", acl, "--prefix", "radio/v1");
        assertEquals(0, run.status(), run.output());
        String text = Files.readString(acl);
        assertTrue(text.contains("pattern read radio/v1/station/%u/cmd\n"), text);
        assertTrue(text.contains("\nuser st-1\ntopic read radio/v1/group/g-1/cmd\ntopic read radio/v1/group/g-2/cmd\n"),
                text);
        assertTrue(text.endsWith("\nuser st-2\n"), "a station without groups: its own topics only\n" + text);
    }

    @Test
    void aBadLineIsNamedAndTheAclStaysAsItWas() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl-stations"), "the ACL in service\n");
        for (String csv : new String[] {"st-1,g\nst 2,g\n", "st-1,g\nst-1,h\n", "st-1,g/x\n", "st-1,g+\n"}) {
            Run run = run(csv, acl);
            assertEquals(1, run.status(), csv + ": " + run.output());
            assertTrue(run.output().contains("line ") && run.output().contains("not changed"), run.output());
            assertEquals("the ACL in service\n", Files.readString(acl), csv);
        }
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }
}

package vn.communeradio.gateway.hearing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faults a technician reads in the state: raised, kept across a restart, cleared by what disproves them. */
class FaultsTest {

    @TempDir
    Path dir;

    @Test
    void aFaultStaysUntilSomethingIsHeardOnZonesAllAmongItsOwnAndSurvivesARestart() {
        Faults faults = Faults.open(dir);
        faults.raise("not heard: flood-0612", List.of(1, 2));
        faults.raise("zone 2 silent", List.of(2));
        assertEquals(2, faults.raised());

        Faults reopened = Faults.open(dir);
        assertEquals(List.of("not heard: flood-0612", "zone 2 silent"), reopened.lines(), "kept in the state dir");
        assertFalse(reopened.heardOn(List.of(1, 3)), "zone 3 is none of theirs: nothing disproved");
        assertTrue(reopened.heardOn(List.of(1)), "zone 1 sounds: the emergency's zones can be heard");
        assertEquals(List.of("zone 2 silent"), reopened.lines(), "zone 1 heard says nothing of zone 2");
        assertTrue(reopened.heardOn(List.of(2)));
        assertEquals(List.of(), Faults.open(dir).lines());
    }

    @Test
    void aDamagedFileIsForgottenNotFatal() throws Exception {
        Files.writeString(dir.resolve(Faults.FILE), "{\"faults\":[{\"text\":");
        assertEquals(List.of(), Faults.open(dir).lines());
    }
}

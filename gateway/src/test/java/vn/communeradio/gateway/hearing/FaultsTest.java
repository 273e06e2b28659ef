package vn.communeradio.gateway.hearing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"faults\":[{\"text\":",
        "{\"faults\":[{\"text\":\"zone 1 silent\",\"zones\":[1]},{\"text\":\"zone 2 silent\",\"zones\":[null]}]}",
        "{\"faults\":[{\"text\":\"zone 1 silent\",\"zones\":[1]},{\"text\":\"zone 2 silent\",\"zones\":[2.5]}]}",
        "{\"faults\":[{\"text\":\"zone 1 silent\",\"zones\":[1]},{\"text\":\"zone 9 silent\",\"zones\":[9]}]}",
        "{\"faults\":[{\"text\":\"zone 1 silent\",\"zones\":[1]},{\"text\":\"x\",\"zones\":[\"2\"]}]}",
        "{\"faults\":[{\"text\":\"zone 1 silent\",\"zones\":[1]},\"zone 2 silent\"]}",
        "{\"faults\":{\"text\":\"zone 1 silent\"}}",
        "[1,2]"})
    void aDamagedFileIsSetAsideWholeAndTheStationStartsWithNoFaults(String damaged) throws Exception {
        Files.writeString(dir.resolve(Faults.FILE), damaged);
        Faults faults = Faults.open(dir);
        assertEquals(List.of(), faults.lines(), "nothing kept from a file found damaged: " + damaged);
        assertFalse(Files.exists(dir.resolve(Faults.FILE)), "moved out of the way of the next write");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith(Faults.FILE + ".damaged-"))
                    .toList();
            assertEquals(1, aside.size(), "kept for a technician");
            assertEquals(damaged, Files.readString(aside.get(0)));
        }
        faults.raise("zone 2 silent", List.of(2));
        assertEquals(List.of("zone 2 silent"), Faults.open(dir).lines(), "faults raised afterwards are kept again");
    }

    @Test
    void aFaultAboutNoZoneIsDroppedForNothingCouldEverClearIt() throws Exception {
        Files.writeString(dir.resolve(Faults.FILE), "{\"faults\":[{\"text\":\"zone 1 silent\",\"zones\":[1]},"
                + "{\"text\":\"ghost\",\"zones\":[]}]}");
        Faults faults = Faults.open(dir);
        assertEquals(List.of("zone 1 silent"), faults.lines());
        assertTrue(faults.heardOn(List.of(1)));
        assertEquals(List.of(), faults.lines());
    }
}

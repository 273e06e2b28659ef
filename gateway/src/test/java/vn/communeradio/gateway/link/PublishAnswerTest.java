package vn.communeradio.gateway.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishAnswerTest {

    private final List<String> heard = new ArrayList<>();
    private final PublishAnswer answer = new PublishAnswer(() -> heard.add("acknowledged"), () -> heard.add("done"));

    @Test
    void aPubackTheBrokerRefusedIsNoAcknowledgementButTheMessageIsDone() {
        answer.answered(new int[] {0x87}); // not authorised
        assertEquals(List.of("done"), heard);
    }

    @Test
    void aPubackBelow0x80IsAnAcknowledgement() {
        answer.answered(new int[] {0x10}); // no matching subscribers: the broker still took it
        assertEquals(List.of("acknowledged", "done"), heard);
    }

    @Test
    void anMqtt311AnswerCarriesNoCodeAndIsAlwaysAnAcknowledgement() {
        answer.answered(null);
        answer.answered(new int[0]);
        assertEquals(List.of("acknowledged", "done", "acknowledged", "done"), heard);
    }

    @Test
    void aMessageNobodyWaitsAcknowledgementForIsDoneAlone() {
        new PublishAnswer(null, () -> heard.add("done")).answered(new int[] {0});
        assertEquals(List.of("done"), heard);
    }
}

package vn.communeradio.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    @Test
    void docsConfigurationMdIsTheGeneratedReference() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        assertEquals(ConfigReference.markdown(), Files.readString(doc),
                "docs/configuration.md is out of date: regenerate it with "
                        + "java -jar gateway/target/commune-radio.jar config-reference > docs/configuration.md");
    }
}

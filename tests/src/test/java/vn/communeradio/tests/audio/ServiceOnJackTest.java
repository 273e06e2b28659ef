package vn.communeradio.tests.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.hal.audio.JackServer;
import vn.communeradio.tests.support.ServiceProcess;

/** The packaged service with {@code hal.audio=jack} against a private JACK dummy server, restarted under it. */
class ServiceOnJackTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void playsThroughJackAndSurvivesAServerRestart() throws Exception {
        try (JackServer jack = JackServer.start()) {
            Path config = dir.resolve("gateway.properties");
            Files.writeString(config, """
                    station.id = jack-1
                    mqtt.url = tcp://127.0.0.1:1
                    hal.audio = jack
                    audio.jack.server = %s
                    audio.jack.client = station-under-test
                    state.dir = %s
                    status.log_interval_s = 1
                    """.formatted(jack.name(), dir.resolve("state")));
            try (ServiceProcess service = ServiceProcess.start(dir, "run", "--config", config.toString())) {
                service.awaitLine("audio output jack .* started", WAIT);
                service.awaitLine("status: .*audio running, [1-9]\\d{2,} periods, \\d+ xruns, 0 reconnects", WAIT);
                jack.restart();
                service.awaitLine("status: .*audio running, \\d+ periods, \\d+ xruns, 1 reconnects", WAIT);
                service.terminate();
                assertEquals(143, service.awaitExit(WAIT));
            }
        }
    }
}

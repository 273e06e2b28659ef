package vn.communeradio.gateway.logging;

import java.util.HashMap;
import java.util.Map;
import org.tinylog.configuration.Configuration;
import org.tinylog.jul.JulTinylogBridge;
import org.tinylog.provider.ProviderRegistry;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigKeys;

/** Configures tinylog from the service configuration: stdout for journald, an optional rolling file. */
public final class LogSetup {

    static final String FORMAT = "{date:yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} [{thread}] {class-name}: {message}";

    private LogSetup() {
    }

    /** Must run before the first log call of the process; tinylog freezes its configuration at first use. */
    public static void apply(Config config) {
        Map<String, String> c = new HashMap<>();
        c.put("level", config.get(ConfigKeys.LOG_LEVEL));
        config.packageLogLevels().forEach((pkg, level) -> c.put("level@" + pkg, level));
        c.put("writer1", "console");
        c.put("writer1.stream", "out");
        c.put("writer1.format", FORMAT);
        String file = config.get(ConfigKeys.LOG_FILE);
        if (!file.isEmpty()) {
            c.put("writer2", "rolling file");
            c.put("writer2.file", file + ".{count}");
            c.put("writer2.latest", file);
            c.put("writer2.format", FORMAT);
            c.put("writer2.policies", "size: " + config.get(ConfigKeys.LOG_FILE_SIZE_KB) + "kb");
            c.put("writer2.backups", String.valueOf(config.get(ConfigKeys.LOG_FILE_BACKUPS)));
            c.put("writer2.buffered", "true");
        }
        // a writing thread keeps disk and stdout latency off the callers' threads
        c.put("writingthread", "true");
        // the service's own shutdown hook logs to the end, then calls shutdown() below
        c.put("autoshutdown", "false");
        c.put("exception", "keep: vn.communeradio");
        Configuration.replace(c);
        JulTinylogBridge.activate();
    }

    /** Flushes and stops the writers; the last call of a stopping service. */
    public static void shutdown() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package vn.communeradio.tests.demo;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.communeradio.tests.demo.Timeline.Kind;
import vn.communeradio.tests.support.ServiceProcess;

/**
 * Puts the service's own log lines on the timeline: warnings and errors always, and the information a
 * technician follows (start and stop, schedule, cache, link); not what the MQTT topics already show.
 */
final class ServiceLines {

    // "2026-11-29 06:57:23.605 INFO  [main] Station: message"
    private static final Pattern LINE = Pattern.compile("^\\S+ \\S+ (\\w+)\\s+\\[[^\\]]*\\] ([\\w$.]+): (.*)$");
    private static final Set<String> SHOWN = Set.of("Station", "Scheduler", "Prefetcher", "MqttLink", "SourcePlayer",
            "Playback");

    private ServiceLines() {
    }

    /** Follows {@code service}'s stdout on a daemon thread until it ends. */
    static void follow(ServiceProcess service, Timeline timeline) {
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; ; i++) {
                    String line;
                    while ((line = service.line(i, Duration.ofSeconds(1))) == null) {
                        if (!service.isAlive() && service.line(i, Duration.ZERO) == null) {
                            return;
                        }
                    }
                    String shown = shown(line);
                    if (shown != null) {
                        timeline.add(Kind.STATION, shown);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-service-lines");
        reader.setDaemon(true);
        reader.start();
    }

    static String shown(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return line; // a line without the log layout (the JVM's own, say) is always worth seeing
        }
        String level = m.group(1);
        String message = m.group(3);
        if (!level.equals("INFO") && !level.equals("DEBUG")) {
            return level + " " + message;
        }
        boolean relayed = message.startsWith("command ") || message.startsWith("status:");
        return level.equals("INFO") && SHOWN.contains(m.group(2)) && !relayed ? message : null;
    }
}

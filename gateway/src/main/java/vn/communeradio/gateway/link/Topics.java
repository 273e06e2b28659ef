package vn.communeradio.gateway.link;

import java.util.ArrayList;
import java.util.List;

/** The MQTT topics of one station (PROTOCOL.md "Topics"). */
public record Topics(String prefix, String stationId, List<String> groups) {

    public Topics {
        groups = List.copyOf(groups);
    }

    public String command() {
        return prefix + "/station/" + stationId + "/cmd";
    }

    public String groupCommand(String group) {
        return prefix + "/group/" + group + "/cmd";
    }

    /** Every topic the station subscribes to: its own cmd topic, then each group's. */
    public List<String> subscriptions() {
        List<String> topics = new ArrayList<>();
        topics.add(command());
        groups.forEach(group -> topics.add(groupCommand(group)));
        return topics;
    }

    public String ack() {
        return prefix + "/station/" + stationId + "/ack";
    }

    public String state() {
        return prefix + "/station/" + stationId + "/state";
    }

    public String telemetry() {
        return prefix + "/station/" + stationId + "/telemetry";
    }

    public String log() {
        return prefix + "/station/" + stationId + "/log";
    }

    /**
     * The command target a topic stands for, as a command's {@code aud} must name it: {@code station/ID} or
     * {@code group/ID}; null for a topic that is not one of ours.
     */
    public String targetOf(String topic) {
        if (topic.equals(command())) {
            return "station/" + stationId;
        }
        for (String group : groups) {
            if (topic.equals(groupCommand(group))) {
                return "group/" + group;
            }
        }
        return null;
    }
}

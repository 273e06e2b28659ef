package vn.communeradio.tests.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The few MQTT 5 packets a stand-in for a station or a central client needs, written and read as bytes (MQTT 5.0
 * specification, chapter 3), for clients that are too many for a library's threads ({@link LightStations}).
 */
final class MqttWire {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBACK = 9;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    /** Subscription option: messages keep the retain flag they were published with (as the station asks). */
    static final int RETAIN_AS_PUBLISHED = 0x08;

    private MqttWire() {
    }

    /** What a client says when it connects; {@code will} null for none, {@code username} null for none. */
    record Connect(String clientId, boolean cleanStart, int keepAliveSeconds, long sessionExpirySeconds,
                   String willTopic, byte[] will, String username, byte[] password) {
    }

    static byte[] connect(Connect c) {
        int flags = (c.cleanStart ? 0x02 : 0) | (c.willTopic != null ? 0x04 | 0x08 | 0x20 : 0) // will: QoS 1, retained
                | (c.username != null ? 0x80 : 0) | (c.password != null ? 0x40 : 0);
        byte[] properties = c.sessionExpirySeconds > 0
                ? new byte[] {0x11, (byte) (c.sessionExpirySeconds >> 24), (byte) (c.sessionExpirySeconds >> 16),
                        (byte) (c.sessionExpirySeconds >> 8), (byte) c.sessionExpirySeconds}
                : new byte[0];
        byte[] variable = concat(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, (byte) flags, (byte) (c.keepAliveSeconds >> 8),
                (byte) c.keepAliveSeconds}, varInt(properties.length), properties);
        byte[] payload = string(c.clientId);
        if (c.willTopic != null) {
            payload = concat(payload, new byte[] {0}, string(c.willTopic), binary(c.will));
        }
        if (c.username != null) {
            payload = concat(payload, string(c.username));
        }
        if (c.password != null) {
            payload = concat(payload, binary(c.password));
        }
        return packet(0x10, concat(variable, payload));
    }

    /** One SUBSCRIBE for every topic, each with {@code options}: the maximum QoS, plus flags such as {@link #RETAIN_AS_PUBLISHED}. */
    static byte[] subscribe(int packetId, List<String> topics, int options) {
        byte[] body = {(byte) (packetId >> 8), (byte) packetId, 0};
        for (String topic : topics) {
            body = concat(body, string(topic), new byte[] {(byte) options});
        }
        return packet(0x82, body);
    }

    /** A PUBLISH at QoS 1 (or 0 with {@code packetId} 0), no properties. */
    static byte[] publish(String topic, int packetId, byte[] payload, boolean retain) {
        int header = 0x30 | (packetId > 0 ? 0x02 : 0) | (retain ? 0x01 : 0);
        byte[] id = packetId > 0 ? new byte[] {(byte) (packetId >> 8), (byte) packetId} : new byte[0];
        return packet(header, concat(string(topic), id, new byte[] {0}, payload));
    }

    static byte[] puback(int packetId) {
        return new byte[] {0x40, 2, (byte) (packetId >> 8), (byte) packetId};
    }

    static byte[] pingreq() {
        return new byte[] {(byte) 0xc0, 0};
    }

    static byte[] disconnect() {
        return new byte[] {(byte) 0xe0, 0};
    }

    /** A received PUBLISH: its topic, packet id (0 at QoS 0) and payload. */
    record Publish(String topic, int packetId, byte[] payload) {
    }

    /** Reads a PUBLISH whose fixed header byte is {@code header}, from its body. */
    static Publish publishOf(int header, ByteBuffer body) {
        byte[] topic = new byte[body.getShort() & 0xffff];
        body.get(topic);
        int id = ((header >> 1) & 3) > 0 ? body.getShort() & 0xffff : 0;
        int propertiesLength = readVarInt(body);
        body.position(body.position() + propertiesLength);
        byte[] payload = new byte[body.remaining()];
        body.get(payload);
        return new Publish(new String(topic, StandardCharsets.UTF_8), id, payload);
    }

    /** The reason codes of a SUBACK, from its body. */
    static byte[] subackCodes(ByteBuffer body) {
        body.getShort();
        int propertiesLength = readVarInt(body);
        body.position(body.position() + propertiesLength);
        byte[] codes = new byte[body.remaining()];
        body.get(codes);
        return codes;
    }

    /**
     * The next whole packet in {@code in} (positioned at its start): its fixed header byte first, then its body;
     * null when it has not all arrived. {@code in} is left after it.
     */
    static ByteBuffer next(ByteBuffer in) {
        int start = in.position();
        int length = 0;
        int shift = 0;
        int at = start + 1;
        while (true) {
            if (at >= in.limit()) {
                return null;
            }
            int b = in.get(at++) & 0xff;
            length |= (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (in.limit() - at < length) {
            return null;
        }
        ByteBuffer packet = ByteBuffer.allocate(1 + length);
        packet.put(in.get(start));
        packet.put(in.slice(at, length));
        packet.flip();
        in.position(at + length);
        return packet;
    }

    private static int readVarInt(ByteBuffer in) {
        int value = 0;
        int shift = 0;
        int b;
        do {
            b = in.get() & 0xff;
            value |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    private static byte[] varInt(int value) {
        byte[] bytes = new byte[4];
        int n = 0;
        int left = value;
        do {
            int b = left % 128;
            left /= 128;
            bytes[n++] = (byte) (left > 0 ? b | 0x80 : b);
        } while (left > 0);
        return Arrays.copyOf(bytes, n);
    }

    /** A fixed header (type and flags, remaining length) and the body. */
    private static byte[] packet(int typeAndFlags, byte[] body) {
        return concat(new byte[] {(byte) typeAndFlags}, varInt(body.length), body);
    }

    private static byte[] string(String text) {
        return binary(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] binary(byte[] bytes) {
        return concat(new byte[] {(byte) (bytes.length >> 8), (byte) bytes.length}, bytes);
    }

    static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}

package vn.communeradio.gateway.link;

/**
 * Why a broker refused a connection, from its reason code (MQTT 5 CONNACK, or the MQTT 3.1.1 return code): the one
 * place the codes are read. Each caller adds what to check in its own words (the station's configuration keys,
 * the operator's tool's options).
 */
public enum MqttRefusal {

    BAD_CREDENTIALS("bad user name or password"),
    NOT_AUTHORISED("not authorised"),
    CLIENT_ID("client id not accepted"),
    UNAVAILABLE("busy or unavailable");

    private final String words;

    MqttRefusal(String words) {
        this.words = words;
    }

    /** The refusal a reason code means, or null for a code with no meaning of its own here. */
    public static MqttRefusal of(int reasonCode) {
        return switch (reasonCode) {
            case 0x86, 0x04 -> BAD_CREDENTIALS;
            case 0x87, 0x05 -> NOT_AUTHORISED;
            case 0x85 -> CLIENT_ID;
            case 0x88, 0x89, 0x03 -> UNAVAILABLE;
            default -> null;
        };
    }

    /** In words, for a sentence "MQTT broker HOST refused: ...". */
    public String words() {
        return words;
    }
}

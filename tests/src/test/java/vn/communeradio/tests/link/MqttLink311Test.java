package vn.communeradio.tests.link;

/** Every link test again over MQTT 3.1.1 ({@code mqtt.version = 3}), for brokers that do not speak 5. */
class MqttLink311Test extends MqttLinkTest {

    @Override
    int version() {
        return 3;
    }
}

package vn.communeradio.gateway.link;

/**
 * What the link is told once the broker answered a publish, whichever protocol version carried it
 * ({@link BrokerClient#publish}): {@code acknowledged} (may be null) only when the broker took the message, then
 * {@code done} either way.
 */
record PublishAnswer(Runnable acknowledged, Runnable done) {

    /**
     * The broker answered with these reason codes: an MQTT 5 PUBACK with a failure reason (0x80 and above: not
     * authorised, quota...) is no acknowledgement. MQTT 3.1.1 carries none (null): its answer is always a yes.
     */
    void answered(int[] reasonCodes) {
        boolean taken = reasonCodes == null || reasonCodes.length == 0 || reasonCodes[0] < 0x80;
        if (acknowledged != null && taken) {
            acknowledged.run();
        }
        done.run();
    }
}

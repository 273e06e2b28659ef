package vn.communeradio.gateway.link;

import java.util.function.BooleanSupplier;

/**
 * How the link lets go of a Paho client, of either protocol version: the two libraries' clients have the same
 * calls on unrelated types, so each client hands its own as method references and the policy lives here.
 */
final class ClientRelease {

    /** Paho's {@code disconnectForcibly(quiesceTimeout, disconnectTimeout, sendDisconnectPacket)}. */
    interface ForcedDisconnect {
        void disconnectForcibly(long quiesceMillis, long disconnectMillis, boolean sendDisconnect) throws Exception;
    }

    /** Paho's {@code close(force)}. */
    interface Close {
        void close(boolean force) throws Exception;
    }

    private ClientRelease() {
    }

    /** How long to wait for a clean DISCONNECT's token: its own timeout, and a second for Paho to say so. */
    static long disconnectWaitMillis(long timeoutMillis) {
        return timeoutMillis + 1_000;
    }

    /**
     * Cuts a connection that is still up (no DISCONNECT packet, no waiting for work in flight: the link takes back
     * what was not answered) and closes the client, whatever either throws: the link is done with it either way.
     */
    static void close(BooleanSupplier connected, ForcedDisconnect disconnect, Close close) {
        try {
            if (connected.getAsBoolean()) {
                disconnect.disconnectForcibly(0, 1000, false);
            }
        } catch (Exception e) {
            // already gone
        }
        try {
            close.close(true);
        } catch (Exception e) {
            // closing anyway
        }
    }
}

package vn.communeradio.gateway.command;

import java.util.Objects;

/**
 * Why a command was refused: the ack's {@code id} ({@code jti}, null when it could not be read), {@code code}
 * and {@code reason} (words a person can act on).
 */
public record Rejection(String jti, RejectCode code, String reason) {

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }
}

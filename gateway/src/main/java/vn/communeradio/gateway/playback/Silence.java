package vn.communeradio.gateway.playback;

import vn.communeradio.gateway.command.RejectCode;

/**
 * Why a sound has sent no audio to the output: the code and reason its session fails with when it ends without any
 * (PROTOCOL.md: {@code source_unreachable} or {@code decode_error}, with the source's last problem).
 */
public record Silence(RejectCode code, String reason) {
}

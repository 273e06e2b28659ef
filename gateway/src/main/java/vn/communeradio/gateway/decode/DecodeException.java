package vn.communeradio.gateway.decode;

import java.io.IOException;

/** The input is not decodable audio; the message says what was wrong in words a technician can act on. */
public final class DecodeException extends IOException {

    public DecodeException(String message) {
        super(message);
    }
}

package vn.communeradio.gateway.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.function.Consumer;

/**
 * Takes the ICY metadata out of a body sent with {@code icy-metaint: N}: after every N audio bytes comes one
 * length byte L and 16×L bytes of text ({@code StreamTitle='...';StreamUrl='...';}, NUL-padded). What comes out
 * is exactly the audio bytes; each title goes to a listener.
 */
final class IcyMetadata extends InputStream {

    /** 255 × 16: the longest block the length byte can announce. */
    static final int MAX_BLOCK = 255 * 16;

    /** Titles are UTF-8 on current servers; Vietnamese stations still run encoders set to Windows-1258. */
    private static final Charset LEGACY = Charset.isSupported("windows-1258")
            ? Charset.forName("windows-1258") : StandardCharsets.ISO_8859_1;

    private final InputStream body;
    private final int metaint;
    private final Consumer<String> titles;
    private final byte[] block = new byte[MAX_BLOCK];
    private final byte[] one = new byte[1];
    private int audioLeft;

    IcyMetadata(InputStream body, int metaint, Consumer<String> titles) {
        if (metaint <= 0) {
            throw new IllegalArgumentException("icy-metaint must be positive: " + metaint);
        }
        this.body = body;
        this.metaint = metaint;
        this.titles = titles;
        this.audioLeft = metaint;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (audioLeft == 0) {
            if (!skipBlock()) {
                return -1;
            }
            audioLeft = metaint;
        }
        int n = body.read(b, off, Math.min(len, audioLeft));
        if (n > 0) {
            audioLeft -= n;
        }
        return n;
    }

    /** Reads one metadata block; false when the body ended properly just before it. */
    private boolean skipBlock() throws IOException {
        int length = body.read();
        if (length < 0) {
            return false;
        }
        int size = length * 16;
        for (int got = 0; got < size; ) {
            int n = body.read(block, got, size - got);
            if (n < 0) {
                // the body's framing says it is complete, yet a metadata block is cut: no audio is missing
                return false;
            }
            got += n;
        }
        if (size > 0) {
            String title = streamTitle(block, size);
            if (title != null) {
                titles.accept(title);
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    /** The StreamTitle of a metadata block, or null when it has none. */
    static String streamTitle(byte[] block, int size) {
        int end = size;
        while (end > 0 && block[end - 1] == 0) {
            end--;
        }
        String text = decode(block, end);
        int start = text.indexOf("StreamTitle='");
        if (start < 0) {
            return null;
        }
        start += "StreamTitle='".length();
        // a title may itself contain "';" (Rock 'n' Roll';...): the value ends at the "';" before the next
        // field name or at the end of the text
        int close = -1;
        for (int i = text.indexOf("';", start); i >= 0; i = text.indexOf("';", i + 1)) {
            String rest = text.substring(i + 2);
            if (rest.isBlank() || rest.matches("(?s)\\s*[A-Za-z_][A-Za-z0-9_]*=.*")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            close = text.endsWith("'") && text.length() > start ? text.length() - 1 : text.length();
        }
        return Normalizer.normalize(text.substring(start, close), Normalizer.Form.NFC).strip();
    }

    private static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, length, LEGACY);
        }
    }
}

package vn.communeradio.gateway.source;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/** Opens any playable source URL by its scheme: http(s) through {@link HttpSource}, file: from the board. */
public final class Sources {

    private Sources() {
    }

    public static SourceStream open(URI uri, SourceSettings settings) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "http":
            case "https":
                return HttpSource.open(uri, settings);
            case "file":
                return LocalFileSource.open(uri);
            default:
                throw new IOException("source " + uri + ": scheme \"" + scheme + "\" cannot be opened as a stream"
                        + " (http, https or file)");
        }
    }
}

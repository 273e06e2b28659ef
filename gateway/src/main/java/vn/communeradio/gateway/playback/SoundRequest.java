package vn.communeradio.gateway.playback;

import java.util.List;

/**
 * What a session plays: source URLs in order of preference (PROTOCOL.md {@code play}).
 *
 * @param cacheFirst {@code mode: file}: fetched whole into the cache, then played from disk
 * @param sha256     expected SHA-256 of a cached file, lowercase hex, or null
 */
public record SoundRequest(List<String> sources, boolean cacheFirst, String sha256) {

    public SoundRequest {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source");
        }
    }

    public static SoundRequest of(String source) {
        return new SoundRequest(List.of(source), false, null);
    }

    /** The preferred source, for logs and state. */
    public String primary() {
        return sources.get(0);
    }
}

package vn.communeradio.gateway.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** A file on the board as a {@link SourceStream}: never live, and its end is a proper end. */
public final class LocalFileSource implements SourceStream {

    private final InputStream in;
    private final String location;
    private final String contentType;
    private final long length;

    private LocalFileSource(InputStream in, String location, String contentType, long length) {
        this.in = in;
        this.location = location;
        this.contentType = contentType;
        this.length = length;
    }

    /** Opens a {@code file:} URL (file:/path or file:///path). */
    public static SourceStream open(URI uri) throws IOException {
        if (!"file".equalsIgnoreCase(uri.getScheme()) || uri.getPath() == null) {
            throw new IOException("source " + uri + ": not a file: URL");
        }
        return open(Path.of(uri.getPath()));
    }

    /** Opens a file, e.g. one from the media cache. */
    public static SourceStream open(Path file) throws IOException {
        String where = "file " + file;
        if (Files.isDirectory(file)) {
            throw new IOException(where + " is a directory, not an audio file");
        }
        try {
            long length = Files.size(file);
            InputStream in = Files.newInputStream(file);
            return new LocalFileSource(in, file.toUri().toString(), guessType(file), length);
        } catch (NoSuchFileException e) {
            throw new IOException(where + " does not exist on this board");
        } catch (AccessDeniedException e) {
            throw new IOException(where + " is not readable by the service user (check its permissions)");
        } catch (IOException e) {
            throw new IOException(where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** From the file name only; decoders look at the bytes anyway. */
    private static String guessType(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".mp3")) {
            return "audio/mpeg";
        }
        if (name.endsWith(".opus") || name.endsWith(".ogg")) {
            return "audio/ogg";
        }
        if (name.endsWith(".wav")) {
            return "audio/wav";
        }
        return null;
    }

    @Override
    public InputStream body() {
        return in;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public String title() {
        return null;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package vn.communeradio.tests.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.communeradio.gateway.source.SourceSettings;
import vn.communeradio.gateway.source.SourceStream;
import vn.communeradio.gateway.source.Sources;
import vn.communeradio.tests.support.Command;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;
import vn.communeradio.tests.support.Unprivileged;

/** Opening by scheme: local files end properly and fail in words; http goes to the HTTP client. */
class SourcesTest {

    static final SourceSettings SETTINGS = SourceSettings.defaults();

    @TempDir
    Path dir;

    @Test
    void aLocalFileIsReadToItsEndAndIsNotLive() throws IOException {
        byte[] content = new byte[12_345];
        content[100] = 7;
        Path file = dir.resolve("chuông báo.mp3");
        Files.write(file, content);
        try (SourceStream s = Sources.open(file.toUri(), SETTINGS)) {
            assertArrayEquals(content, HttpSourceTest.readToEnd(s.body()));
            assertFalse(s.live());
            assertEquals(12_345, s.length());
            assertEquals("audio/mpeg", s.contentType());
            assertEquals(file.toUri().toString(), s.location());
        }
    }

    @Test
    void aMissingFileSaysSo() {
        URI uri = dir.resolve("missing.mp3").toUri();
        IOException e = assertThrows(IOException.class, () -> Sources.open(uri, SETTINGS));
        assertEquals("file " + dir.resolve("missing.mp3") + " does not exist on this board", e.getMessage());
    }

    @Test
    void aDirectoryIsNotAnAudioFile() {
        IOException e = assertThrows(IOException.class, () -> Sources.open(dir.toUri(), SETTINGS));
        assertTrue(e.getMessage().endsWith("is a directory, not an audio file"), e.getMessage());
    }

    /**
     * A file the service user may not read. Root reads any file, so under root (CI) the opening runs as an
     * unprivileged user in a JVM of its own, as the service does under its own user.
     */
    @Test
    void anUnreadableFileSaysWhatToCheck() throws Exception {
        boolean root = Unprivileged.root();
        Path where = root ? Unprivileged.directory("sources-") : dir;
        try {
            Path file = Files.write(where.resolve("locked.mp3"), new byte[10]);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            String message;
            if (root) {
                Command.Result opened = Unprivileged.java(where, OpenAsServiceUser.class, file.toUri().toString());
                assertEquals(1, opened.status(), opened.output());
                message = opened.output().strip();
            } else {
                message = assertThrows(IOException.class, () -> Sources.open(file.toUri(), SETTINGS)).getMessage();
            }
            assertEquals("file " + file + " is not readable by the service user (check its permissions)", message);
        } finally {
            if (root) {
                Command.ok("rm", "-rf", where.toString());
            }
        }
    }

    /** Opens the file: URL it is given; prints why it could not, exit status 1, or exits 0 having opened it. */
    static final class OpenAsServiceUser {
        public static void main(String[] args) {
            try (SourceStream s = Sources.open(URI.create(args[0]), SourceSettings.defaults())) {
                System.out.println("opened " + s.location());
            } catch (IOException e) {
                System.out.println(e.getMessage());
                System.exit(1);
            }
        }
    }

    @Test
    void httpGoesToTheHttpClient() throws IOException {
        try (StreamServer server = StreamServer.start()) {
            server.serve("/a", Reply.sized(new byte[] {1, 2, 3}));
            try (SourceStream s = Sources.open(server.uri("/a"), SETTINGS)) {
                assertArrayEquals(new byte[] {1, 2, 3}, HttpSourceTest.readToEnd(s.body()));
            }
        }
    }

    @Test
    void otherSchemesAreRefusedInWords() {
        IOException e = assertThrows(IOException.class, () -> Sources.open(URI.create("ftp://host/a.mp3"), SETTINGS));
        assertEquals("source ftp://host/a.mp3: scheme \"ftp\" cannot be opened as a stream (http, https or file)",
                e.getMessage());
    }
}

package vn.communeradio.gateway.tool;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Exceptions in words an operator can act on: the tool prints these, never a stack trace. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        } else if (e instanceof UnsupportedOperationException) {
            return "the file system has no POSIX permissions (keys need mode 0600)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

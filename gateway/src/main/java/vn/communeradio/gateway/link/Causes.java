package vn.communeradio.gateway.link;

/** Walks an exception's cause chain, which Paho wraps two or three deep around the socket's own exception. */
public final class Causes {

    private Causes() {
    }

    /** The innermost cause (the exception itself when it has none); safe against self-referencing causes. */
    public static Throwable root(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The first exception of {@code type} in the chain, starting with {@code e} itself, or null. */
    public static <T extends Throwable> T ofType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

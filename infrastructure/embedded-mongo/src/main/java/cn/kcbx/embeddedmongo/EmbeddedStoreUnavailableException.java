package cn.kcbx.embeddedmongo;

/** The embedded store cannot start: its file is in use or unreadable, or its port is taken. The message says which. */
public class EmbeddedStoreUnavailableException extends IllegalStateException {

    public EmbeddedStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

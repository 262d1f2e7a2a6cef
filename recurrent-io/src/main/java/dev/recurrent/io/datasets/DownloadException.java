package dev.recurrent.io.datasets;

import java.io.IOException;

/** A download that did not give the expected file; the message is the reason, one line, e.g. {@code HTTP 404}. */
public final class DownloadException extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean corrupt;

    DownloadException(String reason, boolean corrupt, Throwable cause) {
        super(reason, cause);
        this.corrupt = corrupt;
    }

    /** Whether the file arrived whole but with the wrong size or hash (rather than not at all). */
    public boolean corrupt() {
        return corrupt;
    }
}

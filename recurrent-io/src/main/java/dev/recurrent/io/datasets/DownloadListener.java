package dev.recurrent.io.datasets;

/**
 * Told how a download goes, so that a user interface can show it; the downloader itself prints
 * nothing. Called on the downloading thread.
 */
public interface DownloadListener {
    /** Does nothing. */
    DownloadListener NONE = new DownloadListener() {
    };

    /** {@code done} of {@code total} bytes of {@code file} are on disk ({@code total < 0}: unknown). */
    default void progress(String file, long done, long total) {
    }

    /** The downloads of {@code dataset} are there, and are being turned into its files (this may take a while). */
    default void preparing(String dataset) {
    }

    /** {@code file} is complete (or failed: the last progress call stands), whichever comes first. */
    default void finished(String file) {
    }
}

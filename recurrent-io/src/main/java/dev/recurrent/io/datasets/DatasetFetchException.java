package dev.recurrent.io.datasets;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * A dataset that could not be downloaded. The message is one line that names the dataset, the URL,
 * the reason, and the exact place to put the file by hand:
 * {@code could not download imdb from http://... (connection refused); download it by hand and put it at /home/me/.cache/recurrent/imdb/aclImdb_v1.tar.gz}.
 */
public final class DatasetFetchException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path byHand;

    DatasetFetchException(Dataset dataset, URI url, Path byHand, DownloadException cause) {
        super("could not download " + dataset.name() + " from " + url + " (" + cause.getMessage()
                + "); download it by hand and put it at " + byHand.toAbsolutePath().normalize(), cause);
        this.byHand = byHand;
    }

    /** Where the file downloaded by hand goes. */
    public Path byHand() {
        return byHand;
    }
}

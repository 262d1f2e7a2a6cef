package dev.recurrent.cli.demos;

import dev.recurrent.cli.run.InputError;
import dev.recurrent.io.datasets.DataLocations;
import dev.recurrent.io.datasets.Dataset;
import dev.recurrent.io.datasets.DatasetFetchException;
import dev.recurrent.io.datasets.DatasetFetcher;
import dev.recurrent.io.datasets.Downloader;
import dev.recurrent.io.datasets.Source;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a dataset, or fetches it, for {@code recurrent data fetch} and the demos that need one:
 * messages on {@code err} (the progress bar when it is a terminal), failures as one line.
 */
public final class DataFetch {
    private DataFetch() {
    }

    /**
     * Where {@code dataset} is ({@link Dataset#location}): found by size in {@code where}, else fetched into
     * its write root; with {@code offline}, a missing dataset is an error saying how to get it.
     */
    public static Path require(Dataset dataset, DataLocations where, URI mirror, boolean offline, PrintWriter err) {
        Optional<Path> found = where.find(dataset);
        if (found.isPresent()) {
            return dataset.location(found.get());
        }
        if (offline) {
            throw new InputError(dataset.name() + " is not downloaded (--offline); run 'recurrent data fetch "
                    + dataset.name() + "', or " + byHand(dataset, where.writeRoot(), mirror));
        }
        fetch(dataset, where.writeRoot(), mirror, err);
        return dataset.location(where.writeRoot());
    }

    /** Fetches {@code dataset} into {@code root}, verified; a download that fails is one line (exit code 1). */
    public static DatasetFetcher.Outcome fetch(Dataset dataset, Path root, URI mirror, PrintWriter err) {
        DownloadProgress progress = new DownloadProgress(err, System.console() != null);
        DatasetFetcher fetcher = new DatasetFetcher(new Downloader(), mirror, progress);
        if (dataset.downloadSize() > 0 && !DataLocations.present(dataset, root)) {
            err.printf("Fetching %s (%s) into %s%n", dataset.name(), DownloadProgress.size(dataset.downloadSize()),
                    dataset.folder(root).toAbsolutePath().normalize());
            err.flush();
        }
        try {
            return fetcher.fetch(dataset, root);
        } catch (DatasetFetchException e) {
            throw new UncheckedIOException(e.getMessage() + ", then run 'recurrent data fetch " + dataset.name() + "'", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + dataset.name() + " into " + root + ": " + e.getMessage(), e);
        }
    }

    /** "download URL by hand and put it at PATH", or for several files "download URL and URL by hand into DIR". */
    public static String byHand(Dataset dataset, Path root, URI mirror) {
        Path folder = dataset.folder(root).toAbsolutePath().normalize();
        if (dataset.sources().size() == 1) {
            Source s = dataset.sources().get(0);
            return "download " + DatasetFetcher.url(s, mirror) + " by hand and put it at " + folder.resolve(s.file().name());
        }
        StringBuilder list = new StringBuilder();
        for (Source s : dataset.sources()) {
            list.append(list.length() == 0 ? "" : " and ").append(DatasetFetcher.url(s, mirror));
        }
        return "download " + list + " by hand into " + folder + ", then run 'recurrent data fetch " + dataset.name() + "'";
    }
}

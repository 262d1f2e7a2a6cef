package dev.recurrent.io.datasets;

import dev.recurrent.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a dataset into a data root: each source that is not already there verified is downloaded
 * ({@link Downloader}) or copied from the jar, then the preparation (if any) makes the dataset's
 * files, which are checked against their SHA-256 too; a downloaded archive that the files were made
 * from is deleted afterwards. Calling it again once the files are there verified does nothing.
 *
 * <p>The URLs are the registry's canonical ones, unless a {@code mirror} is given: then each file is
 * fetched from {@code mirror.resolve(<file name>)} (e.g. {@code http://host/data/aclImdb_v1.tar.gz}),
 * still checked against the registry's hash. Tests use this with a server on 127.0.0.1.
 */
public final class DatasetFetcher {
    /** What {@link #fetch} did. */
    public enum Outcome { ALREADY_THERE, FETCHED }

    private final Downloader downloader;
    private final URI mirror;
    private final DownloadListener listener;

    /**
     * @param mirror a base URL ending in {@code /} to fetch every file from, or null for the canonical URLs
     */
    public DatasetFetcher(Downloader downloader, URI mirror, DownloadListener listener) {
        if (mirror != null && !mirror.toString().endsWith("/")) {
            throw new IllegalArgumentException("a mirror URL must end with '/', got " + mirror);
        }
        this.downloader = downloader;
        this.mirror = mirror;
        this.listener = listener;
    }

    /** Where {@code source} is fetched from. */
    public URI url(Source source) {
        return url(source, mirror);
    }

    /** Where {@code source} is fetched from with {@code mirror} (null: its own URL). */
    public static URI url(Source source, URI mirror) {
        return mirror == null ? URI.create(source.url()) : mirror.resolve(source.file().name());
    }

    /**
     * Makes {@code dataset} present and verified under {@code root}.
     *
     * @throws DatasetFetchException when a file cannot be downloaded (one line: the URL, the reason,
     *                               where to put it by hand)
     * @throws IOException           when the data root cannot be written, or a made file is not as expected
     */
    public Outcome fetch(Dataset dataset, Path root) throws IOException {
        if (damaged(dataset, root).isEmpty()) {
            return Outcome.ALREADY_THERE;
        }
        Path folder = dataset.folder(root);
        Files.createDirectories(folder);
        for (Source s : dataset.sources()) {
            Path target = folder.resolve(s.file().name());
            if (Files.isRegularFile(target) && Sha256.matches(target, s.file())) {
                continue;
            }
            if (s.bundled() != null) {
                copyBundled(s, target);
            } else {
                try {
                    downloader.download(url(s), target, s.file(), listener);
                } catch (DownloadException e) {
                    throw new DatasetFetchException(dataset, url(s), target, e);
                }
            }
        }
        if (dataset.preparation() != null) {
            listener.preparing(dataset.name());
            dataset.preparation().prepare(folder);
            List<String> bad = damaged(dataset, root);
            if (!bad.isEmpty()) {
                throw new IOException("the " + dataset.name() + " files made from the downloads are not the expected"
                        + " ones: " + String.join("; ", bad));
            }
            for (Source s : dataset.sources()) {
                if (dataset.files().stream().noneMatch(f -> f.name().equals(s.file().name()))) {
                    Files.deleteIfExists(folder.resolve(s.file().name()));
                }
            }
        }
        return Outcome.FETCHED;
    }

    /**
     * The files of {@code dataset} under {@code root} that are missing or differ from the registry,
     * each as {@code "<name>: missing"} or {@code "<name>: SHA-256 <actual>, expected <expected>"}; empty when all are right.
     */
    public static List<String> damaged(Dataset dataset, Path root) throws IOException {
        List<String> out = new ArrayList<>();
        for (DatasetFile f : dataset.files()) {
            Path p = dataset.folder(root).resolve(f.name());
            if (!Files.isRegularFile(p)) {
                out.add(f.name() + ": missing");
            } else if (!Sha256.matches(p, f)) {
                out.add(f.name() + ": SHA-256 " + Sha256.of(p) + " (" + Files.size(p) + " bytes), expected " + f.sha256()
                        + " (" + f.size() + " bytes)");
            }
        }
        return out;
    }

    private static void copyBundled(Source s, Path target) throws IOException {
        try (InputStream in = Datasets.openBundled(s)) {
            if (in == null) {
                throw new IOException("the jar lacks its copy of " + s.file().name());
            }
            AtomicFile.copy(in, target);
        }
        if (!Sha256.matches(target, s.file())) {
            Files.delete(target);
            throw new IOException("the jar's copy of " + s.file().name() + " is not the expected file");
        }
    }
}

/**
 * Datasets the way users get them: the registry ({@link dev.recurrent.io.datasets.Datasets}: names,
 * files, canonical URLs, sizes, SHA-256, licences), where they are looked for and put
 * ({@link dev.recurrent.io.datasets.DataLocations}: {@code --data DIR}, {@code $RECURRENT_DATA},
 * {@code ~/.cache/recurrent}, then read-only extra places), the downloader
 * ({@link dev.recurrent.io.datasets.Downloader}: resumable, verified, atomic), the fetcher that puts
 * a whole dataset in place ({@link dev.recurrent.io.datasets.DatasetFetcher}, whose mirror argument
 * points every URL elsewhere, e.g. at a test server), and the conversion of the raw IMDB reviews into
 * Keras' encoding ({@link dev.recurrent.io.datasets.ImdbConverter}). docs/data.md describes it for users.
 *
 * <p>It may import the JDK ({@code java.net.http} for HTTP), Jackson (the word index) and Apache
 * Commons Compress (tar), and {@link dev.recurrent.io.AtomicFile} for writing files whole; nothing
 * else of Recurrent, and nothing that prints: progress goes to a
 * {@link dev.recurrent.io.datasets.DownloadListener}.
 */
package dev.recurrent.io.datasets;

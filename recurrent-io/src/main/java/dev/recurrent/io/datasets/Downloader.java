package dev.recurrent.io.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Downloads one file over HTTP(S) with the JDK's client: into {@code <target>.part}, resumed with
 * an HTTP {@code Range} request when a part is already there (and the server honours it), checked
 * against the expected size and SHA-256, then renamed over the target in one atomic step. A file
 * that arrives with the wrong hash is deleted, and an older target is left as it was. A connection
 * cut after some bytes arrived is resumed at once, up to {@code attempts} times; the part stays for
 * a later call otherwise.
 */
public final class Downloader {
    private final HttpClient client;
    private final int attempts;
    private final Duration answerTimeout;

    /** Follows redirects (except HTTPS to HTTP), 30 s to connect, 60 s for the answer and between bytes, 3 attempts. */
    public Downloader() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build(), 3, Duration.ofSeconds(60));
    }

    /**
     * @param attempts      requests per download while each one brings more bytes
     * @param answerTimeout how long to wait for a server's answer (its headers) to each request, and then
     *                      for each next bytes of the file ({@link StallWatch})
     */
    public Downloader(HttpClient client, int attempts, Duration answerTimeout) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        this.client = client;
        this.attempts = attempts;
        this.answerTimeout = answerTimeout;
    }

    /** The partial file of a download to {@code target}. */
    public static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * Downloads {@code url} to {@code target}, which ends up with the size and hash of {@code expected}.
     *
     * @throws DownloadException with a one-line reason ({@code HTTP 404}, {@code connection refused}, a
     *                           hash mismatch naming both hashes)
     */
    public void download(URI url, Path target, DatasetFile expected, DownloadListener listener) throws IOException {
        Path part = partOf(target);
        Files.createDirectories(target.toAbsolutePath().getParent());
        try {
            for (int attempt = 1; ; attempt++) {
                long before = Files.exists(part) ? Files.size(part) : 0;
                try {
                    receive(url, part, expected, listener);
                    break;
                } catch (DownloadException e) {
                    throw e;
                } catch (IOException e) {
                    boolean progressed = e instanceof StartAgain || Files.exists(part) && Files.size(part) > before;
                    if (attempt >= attempts || !progressed) {
                        throw new DownloadException(reason(e), false, e);
                    }
                }
            }
        } finally {
            listener.finished(expected.name());
        }
        verifyAndMove(part, target, expected);
    }

    /** One request: the rest of the part, or the whole file when the server ignores the range. */
    private void receive(URI url, Path part, DatasetFile expected, DownloadListener listener) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have > expected.size()) {
            Files.delete(part);
            have = 0;
        }
        if (have == expected.size() && have > 0) {
            return;   // complete already: only the check is left
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(answerTimeout).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("interrupted", false, e);
        }
        int status = response.statusCode();
        boolean append = status == 206
                && response.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + have + "-");
        if (status != 200 && !append) {
            response.body().close();
            if (have > 0 && (status == 206 || status == 416)) {   // a range we did not ask for: start again
                Files.delete(part);
                throw new StartAgain("the server answered the resumed download with HTTP " + status);
            }
            throw new DownloadException("HTTP " + status, false, null);
        }
        long done = append ? have : 0;
        InputStream in = response.body();
        StallWatch watch = new StallWatch(in, answerTimeout);
        try (in; OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            listener.progress(expected.name(), done, expected.size());
            for (int n; (n = in.read(buf)) > 0; ) {
                watch.arrived();
                out.write(buf, 0, n);
                done += n;
                listener.progress(expected.name(), done, expected.size());
            }
        } catch (IOException e) {
            watch.check();
            throw e;
        } finally {
            watch.stop();
        }
        watch.check();   // a stream closed by the watch ends like a complete one
        if (done < expected.size()) {
            throw new IOException("the connection closed after " + done + " of " + expected.size() + " bytes");
        }
    }

    private static void verifyAndMove(Path part, Path target, DatasetFile expected) throws IOException {
        long size = Files.size(part);
        String hash = Sha256.of(part);
        if (size != expected.size() || !hash.equals(expected.sha256())) {
            Files.deleteIfExists(part);
            throw new DownloadException("the download is damaged: SHA-256 " + hash + " (" + size + " bytes), expected "
                    + expected.sha256() + " (" + expected.size() + " bytes); it was deleted", true, null);
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The part was dropped because the server would not resume it: worth another attempt from the start. */
    private static final class StartAgain extends IOException {
        private static final long serialVersionUID = 1L;

        StartAgain(String message) {
            super(message);
        }
    }

    /** One line: what went wrong, in words. */
    static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
    }
}

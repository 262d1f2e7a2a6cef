package dev.recurrent.io.datasets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A small HTTP server on 127.0.0.1 for the download tests. Each path serves its bytes, honouring
 * {@code Range: bytes=N-} with a 206 unless told not to; a path may cut the connection after a
 * number of bytes on its first request; unknown paths get 404. It records every request's path and
 * Range header.
 */
final class FixtureServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    private final Map<String, Integer> stallAfter = new ConcurrentHashMap<>();
    private final Map<String, Integer> endAfter = new ConcurrentHashMap<>();
    private volatile boolean rangesHonoured = true;
    final List<String> requests = new CopyOnWriteArrayList<>();

    FixtureServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fixture server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    FixtureServer serve(String name, byte[] content) {
        files.put("/" + name, content);
        return this;
    }

    /** The next request for {@code name} (without a Range header) ends after {@code bytes} bytes: the connection is cut. */
    FixtureServer cutFirstRequestAfter(String name, int bytes) {
        cutAfter.put("/" + name, bytes);
        return this;
    }

    /** The next request for {@code name} (without a Range header) sends {@code bytes} bytes, then nothing for 5 s. */
    FixtureServer stallFirstRequestAfter(String name, int bytes) {
        stallAfter.put("/" + name, bytes);
        return this;
    }

    /** The next request for {@code name} (without a Range header) is sent without a length, and ends cleanly after {@code bytes} bytes. */
    FixtureServer endFirstRequestAfter(String name, int bytes) {
        endAfter.put("/" + name, bytes);
        return this;
    }

    FixtureServer ignoreRanges() {
        rangesHonoured = false;
        return this;
    }

    /** The base URL, ending with '/'. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    URI url(String name) {
        return base().resolve(name);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(path + (range == null ? "" : " " + range));
        byte[] content = files.get(path);
        if (content == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        Integer end = range == null ? endAfter.remove(path) : null;
        if (end != null) {
            ex.sendResponseHeaders(200, 0);   // chunked: the client cannot know the length
            ex.getResponseBody().write(content, 0, end);
            ex.close();
            return;
        }
        int from = 0;
        if (range != null && rangesHonoured && range.matches("bytes=\\d+-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            ex.sendResponseHeaders(206, content.length - from);
        } else {
            ex.sendResponseHeaders(200, content.length);
        }
        Integer cut = range == null ? cutAfter.remove(path) : null;
        Integer stall = range == null ? stallAfter.remove(path) : null;
        OutputStream out = ex.getResponseBody();
        if (stall != null) {
            out.write(content, 0, stall);
            out.flush();
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stalled for 5 s, as the test asked");
        }
        if (cut != null) {
            out.write(content, 0, cut);
            out.flush();
            // a handler that fails makes the server close the connection: fewer bytes than announced
            throw new IOException("connection cut after " + cut + " bytes, as the test asked");
        }
        out.write(content, from, content.length - from);
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

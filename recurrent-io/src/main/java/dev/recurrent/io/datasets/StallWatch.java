package dev.recurrent.io.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body when no bytes have arrived for {@code limit}: the JDK's HTTP client has
 * no read timeout, and a server that stops sending would otherwise block the download for ever.
 * The closed stream then reads as ended, so {@link #check} tells that end from a real one.
 */
final class StallWatch {
    private final InputStream body;
    private final long limitNanos;
    private final String limitText;
    private final ScheduledExecutorService timer;
    private volatile long lastArrival = System.nanoTime();
    private volatile boolean stalled;

    StallWatch(InputStream body, Duration limit) {
        this.body = body;
        this.limitNanos = limit.toNanos();
        this.limitText = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "download stall watch");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, limit.toMillis() / 4);
        timer.scheduleAtFixedRate(this::look, period, period, TimeUnit.MILLISECONDS);
    }

    /** Bytes came. */
    void arrived() {
        lastArrival = System.nanoTime();
    }

    /** Throws when the stream was closed for stalling. */
    void check() throws IOException {
        if (stalled) {
            throw new IOException("no data for " + limitText);
        }
    }

    void stop() {
        timer.shutdownNow();
    }

    private void look() {
        if (!stalled && System.nanoTime() - lastArrival > limitNanos) {
            stalled = true;
            try {
                body.close();
            } catch (IOException | RuntimeException e) {
                // closing is all that is wanted; the reader sees the stream end
            }
        }
    }
}

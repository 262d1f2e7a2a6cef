package dev.recurrent.model;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 8 threads share one {@link Predictor}, each making {@code -Dload.calls} predictions (default 500;
 * docs/reliability.md has a run of 10,000) of varying batch size and sequence length (token
 * sequences padded with 0 under a mask): every output equals the single-threaded one bit for bit.
 */
class ConcurrentPredictionTest {
    private static final int THREADS = 8, CALLS = Integer.getInteger("load.calls", 500), REQUESTS = 64;
    private static final int STEPS = 12, TOKENS = 30;

    @Test
    void threadsGetTheSingleThreadedOutputs() throws Exception {
        Sequential model = new Sequential("served").input(STEPS).seed(11)
                .add(new Embedding(TOKENS, 8, true))
                .add(new Bidirectional(LSTM.builder(10).returnSequences(true).build()))
                .add(GRU.of(12))
                .add(Dense.of(3, "softmax"))
                .build();
        Random random = new Random(5);
        Tensor[] requests = new Tensor[REQUESTS];
        float[][] expected = new float[REQUESTS][];
        for (int r = 0; r < REQUESTS; r++) {
            int batch = 1 + random.nextInt(17);
            float[] x = new float[batch * STEPS];
            for (int b = 0; b < batch; b++) {
                int length = 1 + random.nextInt(STEPS);
                for (int t = 0; t < length; t++) {
                    x[b * STEPS + t] = 1 + random.nextInt(TOKENS - 1);
                }
            }
            requests[r] = Tensor.of(x, batch, STEPS);
            expected[r] = model.predict(requests[r], 1 + random.nextInt(8)).data();
        }
        Predictor predictor = Predictor.of(model);
        long heapBefore = heapAfterGc();
        AtomicInteger calls = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random pick = new Random(thread);
                    for (int i = 0; i < CALLS; i++) {
                        int r = pick.nextInt(REQUESTS);
                        float[] got = predictor.predict(requests[r], 1 + pick.nextInt(8)).data();
                        if (!Arrays.equals(expected[r], got)) {
                            throw new AssertionError("thread " + thread + ", call " + i + ": request " + r
                                    + " differs from the single-threaded output");
                        }
                        calls.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long heapAfter = heapAfterGc();
        System.out.printf(Locale.ROOT, "ConcurrentPredictionTest: %d threads x %d calls identical; heap after GC"
                + " %.1f MiB before, %.1f MiB after%n", THREADS, CALLS, heapBefore / 1048576.0, heapAfter / 1048576.0);
        assertEquals(THREADS * CALLS, calls.get());
        assertTrue(heapAfter < heapBefore + (64L << 20), "the heap grew from " + heapBefore + " to " + heapAfter);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

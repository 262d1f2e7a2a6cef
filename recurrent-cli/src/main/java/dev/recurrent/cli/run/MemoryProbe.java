package dev.recurrent.cli.run;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * How fast the machine copies a block that fits in a core's L2 right now, on as many threads at once
 * as the kernels use: a reading of the machine, not of Recurrent's code, beside each {@code recurrent
 * bench} result. A process whose workload runs slow while its probe reads slow too was slowed by the
 * machine (a busy neighbour on the same physical core, say), not by how its code was compiled.
 *
 * <p>The copy is {@link System#arraycopy}, a native copy from the first call, so the reading does not
 * depend on the JIT.
 */
public final class MemoryProbe {
    /** Floats per block: 64 KiB, copied into another 64 KiB. */
    static final int FLOATS = 16 << 10;
    private static final int WARM = 64, TIMED = 256;

    private MemoryProbe() {
    }

    /** Per thread, the median microseconds to copy the block, all threads copying at the same time. */
    public static double[] copyMicros(int threads) {
        double[] micros = new double[threads];
        CountDownLatch ready = new CountDownLatch(threads), go = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                micros[id] = medianCopyMicros();
            }, "recurrent-memory-probe-" + t);
            workers[t].start();
        }
        try {
            ready.await();
            go.countDown();
            for (Thread w : workers) {
                w.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return micros;
    }

    private static double medianCopyMicros() {
        float[] src = new float[FLOATS], dst = new float[FLOATS];
        Arrays.fill(src, 1f);
        long[] ns = new long[TIMED];
        for (int i = 0; i < WARM + TIMED; i++) {
            long t0 = System.nanoTime();
            System.arraycopy(src, 0, dst, 0, FLOATS);
            long t1 = System.nanoTime();
            if (i >= WARM) {
                ns[i - WARM] = t1 - t0;
            }
            src[i % FLOATS] = dst[(i * 7) % FLOATS];    // each copy depends on the one before
        }
        Arrays.sort(ns);
        return ns[TIMED / 2] / 1e3;
    }
}

package dev.recurrent.kernels;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watch sends the kernels back to the JIT for a worker that keeps allocating, and never for a quiet one. */
class RecompileTest {

    private static volatile Object sink;

    @BeforeAll
    static void needsTheVectorApi() {
        Assumptions.assumeTrue(KernelsProvider.vector().isPresent(),
                "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
    }

    @Test
    void aQuietWorkerIsLeftAloneAndAnAllocatingOneIsRecompiledTwiceAtMost() throws Exception {
        int before = Recompile.requests();
        Thread quiet = new Thread(() -> sleep(2_000));
        quiet.start();
        Recompile.watch(new Thread[] {quiet}, 20, 50, 50, 1 << 20);
        quiet.join();
        assertEquals(before, Recompile.requests(), "a worker that allocates nothing");

        long[] stop = {System.nanoTime() + TimeUnit.SECONDS.toNanos(3)};
        Thread busy = new Thread(() -> {
            while (System.nanoTime() < stop[0]) {
                sink = new byte[1 << 16];
                sleep(1);                          // about 64 MB/s
            }
        });
        busy.start();
        Recompile.watch(new Thread[] {busy}, 20, 50, 50, 1 << 20);
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, c = new float[4];
        Kernels k = KernelsProvider.vector().orElseThrow();
        while (busy.isAlive()) {                  // the kernels keep working while the flag goes up and down
            k.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, false, c, 0, 2);
            assertArrayEquals(new float[] {19, 22, 43, 50}, c);
        }
        int requests = Recompile.requests() - before;
        assertTrue(requests >= 1 && requests <= 2, "requests: " + requests);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

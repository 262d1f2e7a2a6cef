package dev.recurrent.kernels;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watch sends the kernels back to the JIT once a worker has worked enough, again for a worker
 * that keeps allocating (three times at most, then a warning), and never for a quiet one.
 */
class RecompileTest {

    private static volatile Object sink;
    private static volatile long spin;

    @BeforeAll
    static void needsTheVectorApi() {
        Assumptions.assumeTrue(KernelsProvider.vector().isPresent(),
                "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
    }

    @Test
    void aQuietWorkerIsLeftAlone() throws Exception {
        int before = Recompile.requests();
        Thread quiet = new Thread(() -> sleep(1_500));
        quiet.start();
        Recompile.watch(new Thread[] {quiet}, 20, 50, 50, 1 << 20, 200);
        quiet.join();
        assertEquals(before, Recompile.requests(), "a worker that neither allocates nor computes");
    }

    @Test
    void aWorkerThatComputesWithoutAllocatingIsRecompiledOnce() throws Exception {
        int before = Recompile.requests();
        Thread busy = busyFor(2, () -> spin++);
        Recompile.watch(new Thread[] {busy}, 20, 50, 50, 1 << 20, 200);
        busy.join();
        assertEquals(before + 1, Recompile.requests(), "one planned recompilation after 0.2 s of CPU");
    }

    @Test
    void anAllocatingWorkerIsRecompiledThreeTimesAtMostWhileTheKernelsKeepWorking() throws Exception {
        int before = Recompile.requests();
        Thread busy = busyFor(3, () -> {
            sink = new byte[1 << 16];
            sleep(1);                              // about 64 MB/s
        });
        Recompile.watch(new Thread[] {busy}, 20, 50, 50, 1 << 20, 0);
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, c = new float[4];
        Kernels k = KernelsProvider.vector().orElseThrow();
        while (busy.isAlive()) {                  // the kernels keep working while the flag goes up and down
            k.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, false, c, 0, 2);
            assertArrayEquals(new float[] {19, 22, 43, 50}, c);
        }
        int requests = Recompile.requests() - before;
        assertTrue(requests >= 2 && requests <= Recompile.MAX_REQUESTS, "requests: " + requests);
        assertTrue(Recompile.boxingPersists(), "a worker that allocated to the end was reported");
        assertTrue(Recompile.boxingSeen(), "and recorded as seen");
    }

    @Test
    void theWarningIsOneLineThatSaysWhatToDo() {
        String w = Recompile.warning(108.4, 17);
        assertFalse(w.contains("\n"), w);
        assertTrue(w.startsWith("Recurrent's vector kernels allocate 108 MB/s after 3 recompilations (boxed vectors, JDK 17)"), w);
        assertTrue(w.contains("restart the JVM") && w.contains("JDK 25"), w);
    }

    private static Thread busyFor(int seconds, Runnable work) {
        long stop = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread t = new Thread(() -> {
            while (System.nanoTime() < stop) {
                work.run();
            }
        });
        t.start();
        return t;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

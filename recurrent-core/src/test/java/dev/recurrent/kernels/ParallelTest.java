package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link Parallel}: each index exactly once, failures reach the caller, nesting and concurrency. */
class ParallelTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int n : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
            for (int rep = 0; rep < 20; rep++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(n, 1));
                Parallel.run(n, runs::incrementAndGet);
                for (int i = 0; i < n; i++) {
                    assertEquals(1, runs.get(i), "n=" + n + " index " + i);
                }
            }
        }
    }

    @Test
    void anExceptionReachesTheCallerAndThePoolStillWorks() {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger ran = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.run(50, i -> {
            ran.incrementAndGet();
            if (i == 17) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
        // with workers the other indices still run; on one thread the loop stops at the failure
        assertTrue(ran.get() >= 18, "ran " + ran.get());
        assertThrows(AssertionError.class, () -> Parallel.run(4, i -> {
            throw new AssertionError("error " + i);
        }));

        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        Parallel.run(100, runs::incrementAndGet);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void nestedCallsRunEveryInnerIndex() {
        int outer = 8, inner = 13;
        AtomicIntegerArray runs = new AtomicIntegerArray(outer * inner);
        Parallel.run(outer, o -> Parallel.run(inner, i -> runs.incrementAndGet(o * inner + i)));
        for (int e = 0; e < outer * inner; e++) {
            assertEquals(1, runs.get(e), "index " + e);
        }
    }

    @Test
    void concurrentCallersEachGetTheirWorkDone() throws InterruptedException {
        int callers = 3, n = 200;
        AtomicIntegerArray runs = new AtomicIntegerArray(callers * n);
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            int base = t * n;
            threads[t] = new Thread(() -> {
                for (int rep = 0; rep < 10; rep++) {
                    Parallel.run(n, i -> runs.incrementAndGet(base + i));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int e = 0; e < callers * n; e++) {
            assertEquals(10, runs.get(e), "index " + e);
        }
    }

    @Test
    void threadCountIsPositive() {
        assertTrue(Parallel.threads() >= 1);
    }
}

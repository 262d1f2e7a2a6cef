package dev.recurrent.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the vector kernels back to the JIT, at most twice per process, when the worker threads keep
 * allocating after the warm-up.
 *
 * <p>Compiled by C2, the kernels allocate nothing: their vectors stay in registers. JDK 17's C2
 * sometimes compiles one of them early, on thin profiles, with its vectors boxed; the process then
 * allocates megabytes per training step for as long as it lives and runs 10–40 % slower (see
 * docs/performance.md, "Allocation in the steady state"). Nothing replaces such code unless it is
 * deoptimized, so every kernel starts with {@link #check()}. Until a recompilation is asked for, the
 * branch in it is never taken and calls a class that is not yet initialized: C2 compiles that path as
 * a trap. The watch reads how much the workers allocate; when they go on allocating after the
 * warm-up, it raises the flag for a second, every compiled kernel that runs meanwhile falls back to
 * the interpreter, and the JIT compiles it again on the profiles it has by then.
 *
 * <p>Boxing in a kernel that runs only in the calling thread (work too small to split) is not seen.
 */
final class Recompile {

    /** Worker allocation above this rate, in two readings in a row, is taken for boxed vectors. */
    static final long BOXING_BYTES_PER_SECOND = 16L << 20;
    private static final long FIRST_LOOK_MS = 2_000, PERIOD_MS = 500, WINDOW_MS = 1_000;

    /** 0, or the attempt under way (1 or 2) while its window is open; read at every kernel's start. */
    private static volatile int attempt;
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    private Recompile() {
    }

    /** At the start of every vector kernel: leaves compiled code made before a recompilation was asked for. */
    static void check() {
        if (attempt != 0) {
            if (attempt == 1) {
                First.note();
            } else {
                Second.note();
            }
        }
    }

    /** How many times the kernels have been sent back to the JIT. */
    static int requests() {
        return REQUESTS.get();
    }

    /**
     * Watches {@code workers} from a daemon thread (unless {@code -Drecurrent.noRecompile=true}); does
     * nothing where per-thread allocation is not measured.
     */
    static void watch(Thread[] workers) {
        if (!Boolean.getBoolean("recurrent.noRecompile")) {
            watch(workers, FIRST_LOOK_MS, PERIOD_MS, WINDOW_MS, BOXING_BYTES_PER_SECOND);
        }
    }

    static void watch(Thread[] workers, long firstLookMs, long periodMs, long windowMs, long bytesPerSecond) {
        if (workers.length == 0) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                run(workers, firstLookMs, periodMs, windowMs, bytesPerSecond);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "recurrent-kernel-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void run(Thread[] workers, long firstLookMs, long periodMs, long windowMs, long bytesPerSecond)
            throws InterruptedException {
        Thread.sleep(firstLookMs);              // the management classes load after the first step, not during it
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean)) {
            return;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            return;
        }
        long[] ids = new long[workers.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = workers[i].getId();
        }
        long limit = bytesPerSecond * periodMs / 1000;
        for (int a = 1; a <= 2; a++) {
            long before = allocated(threads, ids);
            for (int high = 0; high < 2; ) {
                Thread.sleep(periodMs);
                long now = allocated(threads, ids);
                high = now - before > limit ? high + 1 : 0;
                before = now;
            }
            REQUESTS.incrementAndGet();
            attempt = a;
            Thread.sleep(windowMs);
            attempt = 0;
            Thread.sleep(firstLookMs);          // the recompiled kernels warm up again before the next look
        }
    }

    private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** Initialized by the first attempt; until then C2 compiles a call to it as a trap. */
    private static final class First {
        static void note() {
        }
    }

    /** The same for the second attempt. */
    private static final class Second {
        static void note() {
        }
    }
}

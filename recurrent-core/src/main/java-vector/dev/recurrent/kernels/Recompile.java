package dev.recurrent.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Sends the vector kernels back to the JIT: once when the workers have done enough work for the
 * profiles to be mature, and again (at most {@link #MAX_REQUESTS} times in all) whenever the workers
 * keep allocating afterwards.
 *
 * <p>The launcher has C2 compile the kernels after a hundredth of the usual calls, so that the first
 * training step is not spent in the interpreter; that code is made on thin profiles, and on JDK 17 it
 * is often slower than code made later. It used to be compiled, now and then, with its vectors boxed
 * on the heap, for as long as the process lived: the kernels are now written so that C2 needs no
 * profile to keep them in registers ({@link Exact}, held by {@code KernelAllocationTest}), and the
 * allocation watch stays as a safety net that says so if it ever sees it again (docs/performance.md,
 * "Boxed vectors on JDK 17").
 * Nothing replaces compiled code unless it is deoptimized, and deoptimization replaces only the
 * code that runs into the trap, so every method that computes with vectors starts with
 * {@link #check()} (held by {@code RecompileCoverageTest}): one check at a family's entry point
 * would leave the code of the methods it calls in place. Until a recompilation is asked for, the branch in it is never taken and calls a
 * class that is not yet initialized: C2 compiles that path as a trap. The watch raises a flag for a
 * second; every compiled kernel that runs meanwhile falls back to the interpreter, and the JIT
 * compiles it again on the profiles it has by then. A recompilation can itself come out bad, which
 * the allocation watch then sees.
 *
 * <p>Boxing in a kernel that runs only in the calling thread (work too small to split) is not seen.
 * When the workers still allocate after the last recompilation, the watch says so once, as a
 * warning: such a process runs many times slower than it should and is better restarted.
 */
final class Recompile {
    private static final Logger LOG = Logger.getLogger(Recompile.class.getName());

    /** Worker allocation above this rate, in two readings in a row, is taken for boxed vectors. */
    static final long BOXING_BYTES_PER_SECOND = 16L << 20;
    /** The CPU time per worker after which the kernels are compiled again, once, on mature profiles. */
    static final long PLANNED_AFTER_CPU_MS = 6_000;
    /**
     * The planned recompilation is for JDKs before this one: on JDK 17 the early code of the large
     * workload was slow in about half the processes until recompiled; on JDK 25 every process ran at
     * full speed from the start, and recompiling changed nothing.
     */
    static final int PLANNED_BEFORE_JDK = 25;
    /** Recompilations per process at most: one planned and two more for bad code. */
    static final int MAX_REQUESTS = 3;
    private static final long FIRST_LOOK_MS = 2_000, PERIOD_MS = 500, WINDOW_MS = 1_000;

    /** 0, or the attempt under way (1 to {@link #MAX_REQUESTS}) while its window is open; read at every kernel's start. */
    private static volatile int attempt;
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    /** Whether the workers kept allocating after the last recompilation. */
    private static volatile boolean boxingPersists;
    /** Whether the workers were ever seen allocating in two readings in a row. */
    private static volatile boolean boxingSeen;

    private Recompile() {
    }

    /** At the start of every vector kernel: leaves compiled code made before a recompilation was asked for. */
    static void check() {
        int a = attempt;
        if (a != 0) {
            if (a == 1) {
                First.note();
            } else if (a == 2) {
                Second.note();
            } else {
                Third.note();
            }
        }
    }

    /** How many times the kernels have been sent back to the JIT. */
    static int requests() {
        return REQUESTS.get();
    }

    /** Whether the workers were ever seen allocating like kernels with boxed vectors, cured since or not. */
    static boolean boxingSeen() {
        return boxingSeen;
    }

    /** Whether the workers kept allocating after the last recompilation (the watch then warned). */
    static boolean boxingPersists() {
        return boxingPersists;
    }

    /**
     * Watches {@code workers} from a daemon thread (unless {@code -Drecurrent.noRecompile=true}); does
     * nothing where per-thread allocation is not measured.
     */
    static void watch(Thread[] workers) {
        if (!Boolean.getBoolean("recurrent.noRecompile")) {
            long planned = Runtime.version().feature() < PLANNED_BEFORE_JDK ? PLANNED_AFTER_CPU_MS * workers.length : 0;
            watch(workers, FIRST_LOOK_MS, PERIOD_MS, WINDOW_MS, BOXING_BYTES_PER_SECOND, planned);
        }
    }

    /** @param plannedAfterCpuMs the workers' CPU time that asks for the planned recompilation; 0 for none */
    static void watch(Thread[] workers, long firstLookMs, long periodMs, long windowMs, long bytesPerSecond,
                      long plannedAfterCpuMs) {
        if (workers.length == 0) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                run(workers, firstLookMs, periodMs, windowMs, bytesPerSecond, plannedAfterCpuMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "recurrent-kernel-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void run(Thread[] workers, long firstLookMs, long periodMs, long windowMs, long bytesPerSecond,
                            long plannedAfterCpuMs) throws InterruptedException {
        Thread.sleep(firstLookMs);              // the management classes load after the first step, not during it
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean)) {
            return;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            return;
        }
        boolean planned = plannedAfterCpuMs > 0 && threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        long[] ids = new long[workers.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = workers[i].getId();
        }
        long limit = bytesPerSecond * periodMs / 1000;
        long before = allocated(threads, ids);
        int high = 0;
        boolean boxing = false;
        for (int requests = 0; requests < MAX_REQUESTS; ) {
            Thread.sleep(periodMs);
            long now = allocated(threads, ids);
            high = now - before > limit ? high + 1 : 0;
            before = now;
            boolean due = planned && cpuNanos(threads, ids) >= plannedAfterCpuMs * 1_000_000;
            if (high >= 2 || due) {
                boxing = high >= 2;
                boxingSeen |= boxing;
                planned = false;                // a recompilation for boxing stands in for the planned one
                requests++;
                attempt = Math.min(REQUESTS.incrementAndGet(), MAX_REQUESTS);
                Thread.sleep(windowMs);
                attempt = 0;
                Thread.sleep(firstLookMs);      // the recompiled kernels warm up again before the next look
                before = allocated(threads, ids);
                high = 0;
            }
        }
        if (boxing) {
            warnIfStillBoxing(threads, ids, periodMs, limit, before);
        }
    }

    /** After the last recompilation, which was for boxing: two more readings, and a warning if both are high. */
    private static void warnIfStillBoxing(com.sun.management.ThreadMXBean threads, long[] ids, long periodMs,
                                          long limit, long before) throws InterruptedException {
        long bytes = 0;
        for (int reading = 0; reading < 2; reading++) {
            Thread.sleep(periodMs);
            long now = allocated(threads, ids);
            if (now - before <= limit) {
                return;
            }
            bytes += now - before;
            before = now;
        }
        boxingPersists = true;
        LOG.warning(warning(bytes / 1e6 / (2 * periodMs / 1000.0), Runtime.version().feature()));
    }

    /** The warning's one line: what was seen, and what to do. */
    static String warning(double megabytesPerSecond, int jdk) {
        return String.format(java.util.Locale.ROOT, "Recurrent's vector kernels allocate %.0f MB/s after %d recompilations"
                + " (boxed vectors, JDK %d): they run many times slower than they should; restart the JVM, run it on"
                + " JDK 25 if you can, and report this with the JDK's version.", megabytesPerSecond, MAX_REQUESTS, jdk);
    }

    private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    private static long cpuNanos(ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
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

    /** The same for the third. */
    private static final class Third {
        static void note() {
        }
    }
}

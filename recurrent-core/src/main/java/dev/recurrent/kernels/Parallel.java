package dev.recurrent.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits work across all cores with a fixed set of worker threads, without allocating per call
 * (the time loop dispatches through here at every step).
 *
 * <p>A job is a {@link Task} and a number of indices; each index is run exactly once, by the caller
 * or a worker. Tasks must write disjoint outputs, so the result does not depend on which thread ran
 * which index. A call made while another is in flight (from inside a task, or from a second thread)
 * runs its indices in the calling thread instead of waiting.
 *
 * <p>The number of threads is the system property {@code recurrent.threads}, or the number of
 * available processors.
 */
public final class Parallel {

    /** One index of a parallel job. */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }

    private static final int THREADS = threadCount();
    private static final ReentrantLock DISPATCH = new ReentrantLock();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final AtomicInteger DONE = new AtomicInteger();
    /** Workers between reading {@link #task} and finishing with it. */
    private static final AtomicInteger ACTIVE = new AtomicInteger();
    private static final Thread[] WORKERS = new Thread[THREADS - 1];
    private static volatile Task task;
    private static volatile int count;
    private static volatile long generation;
    private static volatile Throwable failure;

    static {
        for (int w = 0; w < WORKERS.length; w++) {
            Thread t = new Thread(Parallel::workLoop, "recurrent-worker-" + (w + 1));
            t.setDaemon(true);
            WORKERS[w] = t;
            t.start();
        }
    }

    private Parallel() {
    }

    /** The worker threads (not the callers that also run indices). */
    static Thread[] workers() {
        return WORKERS.clone();
    }

    /** The number of threads jobs are split across (the caller included). */
    public static int threads() {
        return THREADS;
    }

    /** Runs {@code job.run(i)} for every {@code i} in [0, n), across all threads. */
    public static void run(int n, Task job) {
        if (n <= 0) {
            return;
        }
        if (n == 1 || THREADS == 1 || DISPATCH.isHeldByCurrentThread() || !DISPATCH.tryLock()) {
            for (int i = 0; i < n; i++) {
                job.run(i);
            }
            return;
        }
        try {
            failure = null;
            NEXT.set(0);
            DONE.set(0);
            count = n;
            task = job;
            generation++;
            for (Thread w : WORKERS) {
                LockSupport.unpark(w);
            }
            int claimed = work(job, n);
            int spins = 0;
            while (DONE.get() + claimed < n) {
                if (++spins > 10_000) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            task = null;
            // a worker that woke late may still hold this job; let it see that nothing is left
            while (ACTIVE.get() != 0) {
                Thread.onSpinWait();
            }
            Throwable f = failure;
            if (f != null) {
                if (f instanceof RuntimeException) {
                    throw (RuntimeException) f;
                }
                if (f instanceof Error) {
                    throw (Error) f;
                }
                throw new IllegalStateException(f);
            }
        } finally {
            DISPATCH.unlock();
        }
    }

    /** Claims and runs indices until none are left; returns how many this thread ran. */
    private static int work(Task job, int n) {
        int ran = 0;
        for (int i = NEXT.getAndIncrement(); i < n; i = NEXT.getAndIncrement()) {
            try {
                job.run(i);
            } catch (Throwable t) {
                failure = t;
            }
            ran++;
        }
        return ran;
    }

    private static void workLoop() {
        long seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen) {
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(Parallel.class);
                }
            }
            seen = generation;
            ACTIVE.incrementAndGet();
            Task job = task;
            if (job != null) {
                int ran = work(job, count);
                DONE.addAndGet(ran);
            }
            ACTIVE.decrementAndGet();
        }
    }

    private static int threadCount() {
        String p = System.getProperty("recurrent.threads");
        int n = Runtime.getRuntime().availableProcessors();
        if (p != null && !p.isBlank()) {
            try {
                n = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("recurrent.threads must be a positive integer, got '" + p + "'");
            }
            if (n < 1) {
                throw new IllegalArgumentException("recurrent.threads must be a positive integer, got " + n);
            }
        }
        return n;
    }
}

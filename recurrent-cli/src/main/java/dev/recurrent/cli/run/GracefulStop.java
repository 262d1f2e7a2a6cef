package dev.recurrent.cli.run;

import dev.recurrent.model.Callback;
import dev.recurrent.model.Sequential;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during a demo: stop training after the current batch, let the demo write its plots and
 * report, then exit.
 *
 * <p>{@link #install} registers a shutdown hook. When it runs (SIGINT, SIGTERM), it marks the stop as
 * {@link #requested()}, asks the model being trained to stop ({@link Sequential#stopTraining()}),
 * and waits until the demo {@link #close() closes} this object (at most {@link #GRACE_SECONDS}),
 * since the JVM halts once its hooks return. Passed to {@code fit} as a callback, it also stops a
 * model whose training starts after the request. The demo checks {@link #requested()} between its
 * parts and skips the rest.
 */
public final class GracefulStop implements Callback, AutoCloseable {
    static final long GRACE_SECONDS = 30;

    private final PrintStream err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;
    private volatile Sequential training;

    private GracefulStop(PrintStream err, boolean withHook) {
        this.err = err;
        this.hook = withHook ? new Thread(this::onShutdown, "recurrent-stop") : null;
    }

    /** Registers the shutdown hook; close it when the demo is done. */
    public static GracefulStop install(PrintStream err) {
        GracefulStop stop = new GracefulStop(err, true);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Without a hook: {@link #request()} plays the part of Ctrl-C (for tests). */
    static GracefulStop manual(PrintStream err) {
        return new GracefulStop(err, false);
    }

    /** What the hook does first: mark the stop and ask the running model to stop. */
    void request() {
        if (!requested) {
            requested = true;
            err.println();
            err.println("Interrupted: stopping after the current batch and writing what was done...");
            err.flush();
        }
        Sequential m = training;
        if (m != null) {
            m.stopTraining();
        }
    }

    public boolean requested() {
        return requested;
    }

    private void onShutdown() {
        request();
        try {
            if (!finished.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                err.println("The demo did not finish writing within " + GRACE_SECONDS + " s; exiting.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onTrainBegin(Sequential model) {
        training = model;
        if (requested) {
            model.stopTraining();
        }
    }

    @Override
    public void onBatchEnd(int batch, int batches, Map<String, Double> logs) {
        Sequential m = training;
        if (requested && m != null) {
            m.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        training = null;
    }

    /**
     * For a demo's {@code catch}: after a stop request the JVM halts as soon as this is closed,
     * before the error could reach the command's error handler, so it is printed here first.
     */
    public RuntimeException failed(RuntimeException e) {
        if (requested) {
            err.println("error: while writing after the interrupt: " + e);
            err.flush();
        }
        return e;
    }

    /** The demo is done: a waiting hook returns; if no stop came, the hook is removed. */
    @Override
    public void close() {
        finished.countDown();
        if (hook != null && !requested) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook runs, finds the latch open and returns
            }
        }
    }
}

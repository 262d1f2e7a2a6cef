package dev.recurrent.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file whose declared shapes need more memory than the Java heap has: refused before
 * anything is allocated. The message says how much it needs and how to give Java more.
 */
public final class ModelTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ModelTooLargeException(Path file, long needed, long available, long max) {
        super(String.format(java.util.Locale.ROOT, "%s: the model needs at least %d MiB for its weights and their"
                + " gradients, more than the %d MiB the Java heap has free (it may use %d MiB); give Java more"
                + " memory: java -Xmx<size>, or RECURRENT_JAVA_OPTS=-Xmx<size> for the command line",
                file, needed >> 20, available >> 20, max >> 20));
    }

    /** Refuses a model of {@code values} float weights (each with its gradient) that the heap cannot hold. */
    static void check(Path file, long values) throws ModelTooLargeException {
        Runtime rt = Runtime.getRuntime();
        long needed = 8 * values;
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (needed > available) {
            throw new ModelTooLargeException(file, needed, available, rt.maxMemory());
        }
    }
}

package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.Parallel;

import java.util.Arrays;

/**
 * The input projection of a recurrent layer that follows an {@link Embedding}, for every token at
 * once: row v of the table is embedding(v)·kernel. In inference each step's projection is then a
 * copied row instead of a product, and no embedded input is made at all.
 *
 * <p>Each table element is the same fma chain over the embedding's dimension that the product of
 * the embedded input computes, so the layer's output is the same, bit for bit. The table is
 * rebuilt whenever the embeddings or the kernel differ from copies taken when it was built, so a
 * weight changed by any means (an optimizer step, a load, a write into {@code value()}) is seen.
 */
final class TokenProjection {
    /** Largest table kept (64 MB): larger vocabularies take the product of the embedded input. */
    static final long MAX_VALUES = 1L << 24;
    /** Below this many copied values the rows are copied in the calling thread. */
    private static final int PARALLEL_MIN_VALUES = 1 << 16;

    private float[] table = new float[0], embeddingsSeen, kernelSeen;

    /** Whether a table for {@code vocabulary} tokens and projections {@code width} wide is small enough to keep. */
    static boolean fits(int vocabulary, int width) {
        return (long) vocabulary * width <= MAX_VALUES;
    }

    /** The table [V, width] for embeddings [V, D] and kernel [D, width], rebuilt when either changed. */
    float[] table(Kernels kernels, float[] embeddings, int vocabulary, int dim, float[] kernel, int width) {
        if (!Arrays.equals(embeddings, embeddingsSeen) || !Arrays.equals(kernel, kernelSeen)) {
            if (table.length != vocabulary * width) {
                table = new float[vocabulary * width];
            }
            kernels.gemm(false, false, vocabulary, width, dim, embeddings, 0, dim, kernel, 0, width, false, table, 0, width);
            embeddingsSeen = embeddings.clone();
            kernelSeen = kernel.clone();
        }
        return table;
    }

    /**
     * xp [count, B, width] = the table rows of the tokens of steps [t0, t0 + count) in processing
     * order (the last input step first with {@code backwards}), ids [B, steps].
     */
    void gather(float[] table, int width, float[] ids, int batch, int steps, int t0, int count,
                boolean backwards, float[] xp) {
        GatherTask g = gatherTask;
        g.table = table;
        g.ids = ids;
        g.xp = xp;
        g.width = width;
        g.batch = batch;
        g.steps = steps;
        g.t0 = t0;
        g.rows = count * batch;
        g.backwards = backwards;
        g.tasks = (long) g.rows * width < PARALLEL_MIN_VALUES ? 1 : Parallel.threads();
        try {
            Parallel.run(g.tasks, g);
        } finally {
            g.table = g.ids = g.xp = null;
        }
    }

    private final GatherTask gatherTask = new GatherTask();

    /** One share of the rows of a gather; reused so that dispatching allocates nothing. */
    private static final class GatherTask implements Parallel.Task {
        float[] table, ids, xp;
        int width, batch, steps, t0, rows, tasks;
        boolean backwards;

        @Override
        public void run(int task) {
            int n0 = (int) ((long) rows * task / tasks), n1 = (int) ((long) rows * (task + 1) / tasks);
            for (int n = n0; n < n1; n++) {
                int t = t0 + n / batch, r = n % batch;
                int id = (int) ids[r * steps + (backwards ? steps - 1 - t : t)];
                System.arraycopy(table, id * width, xp, n * width, width);
            }
        }
    }
}

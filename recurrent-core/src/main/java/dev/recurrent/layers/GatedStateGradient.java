package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.Parallel;

/**
 * The gradient of a recurrent-kernel block that multiplies a gated state a_t rather than h_{t-1}
 * (the reset-before GRU's U_h, applied to r ⊙ h_{t-1}; the MGU's, applied to f ⊙ h_{t-1}):
 * {@code dU[m, block + j] += Σ_n a[n, m] · dz[n, block + j]} over every step and sample n, from the
 * workspace's caches ({@code ws.aux} holds a, {@code ws.dxp} the gate gradients).
 *
 * <p>Each element is summed over n in increasing order, one product
 * and one addition at a time, as the plain loop over n, m, j does
 * ({@link Kernels#addTransposedProductInOrder}); the work is only split by rows m of dU, in blocks
 * shared among the cores. So the result is the same, bit for bit, on any number of cores and with
 * either kernels.
 */
final class GatedStateGradient implements Parallel.Task {
    /** Rows of dU per block: 64 rows of a 512-unit block are 128 KB. */
    private static final int BLOCK_ROWS = 64;
    /** Below this many products the sum runs in the calling thread. */
    private static final long PARALLEL_MIN_PRODUCTS = 1L << 20;

    private Kernels kernels;
    private float[] du, a, dz;
    private int units, gateWidth, block, rows, dzStart, blocks;

    /** The kernels of the backward pass whose gradient {@link #add} sums next. */
    void use(Kernels kernels) {
        this.kernels = kernels;
    }

    /** Adds the gradient of the block starting at column {@code block} of dU [H, G·H] into {@code du}. */
    void add(Workspace ws, float[] du, int block) {
        this.du = du;
        this.a = ws.aux;
        this.dz = ws.dxp;
        this.units = ws.units;
        this.gateWidth = ws.gateWidth;
        this.block = block;
        this.rows = ws.steps * ws.batch;
        this.dzStart = ws.dxpStart;
        blocks = (units + BLOCK_ROWS - 1) / BLOCK_ROWS;
        try {
            if ((long) rows * units * units < PARALLEL_MIN_PRODUCTS || blocks == 1) {
                for (int b = 0; b < blocks; b++) {
                    run(b);
                }
            } else {
                Parallel.run(blocks, this);
            }
        } finally {
            this.du = this.a = this.dz = null;
        }
    }

    /** Rows [m0, m1) of dU's block, over every n. */
    @Override
    public void run(int index) {
        int hu = units, g = gateWidth, m0 = index * BLOCK_ROWS, m1 = Math.min(hu, m0 + BLOCK_ROWS);
        kernels.addTransposedProductInOrder(rows, m1 - m0, hu, a, m0, hu, dz, dzStart + block, g, du, m0 * g + block, g);
    }
}

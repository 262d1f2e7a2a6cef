package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;

/**
 * The bias gradient of a backward pass: the column sums of every step's gate gradients, added into
 * the bias gradient ([G·H], or [2·G·H] with the recurrent projection's own bias).
 *
 * <p>A time loop that always runs in the same batch slices (a recurrent kernel read as it is) sums
 * each slice's gate gradients per step, while they are still in cache, into that slice's partial
 * sums, and adds the slices' sums in slice order at the end; otherwise (a packed kernel, which may
 * run in slices or step by step) the sums are taken over all steps at the end. Either way the
 * result does not depend on the number of cores.
 */
final class GateBiasSums {
    /** Per-slice column sums of the gate gradients (slice s at s · width), or null to sum them at the end. */
    private float[] partials;
    /** The bias gradient's length: 0 when the cell sums it itself. */
    private int width;

    /** Starts a backward pass over {@code slices} slices; {@code perSlice}: the slices are fixed whatever the cores. */
    void start(Workspace w, float[] biasGrad, boolean perSlice, int slices) {
        width = biasGrad.length;
        partials = perSlice && width > 0 ? w.biasPartials(slices * width) : null;
    }

    /** Whether the sums are taken per slice and step ({@link #addStep}). */
    boolean perStep() {
        return partials != null;
    }

    /** Adds step t's gate gradients of rows [r0, r0 + rows) into slice {@code slice}'s sums. */
    void addStep(Kernels kernels, Workspace w, int slice, int t, int r0, int rows) {
        int g = w.gateWidth, step = (t * w.batch + r0) * g, at = slice * width;
        kernels.addColumnSums(rows, g, w.dxp, w.dxpStart + step, partials, at);
        if (width == 2 * g) {
            kernels.addColumnSums(rows, g, w.drp, w.drpStart + step, partials, at + g);
        }
    }

    /** Adds the sums into {@code biasGrad}: the slices' partial sums in slice order, else every step's gate gradients. */
    void finish(Kernels kernels, Workspace w, float[] biasGrad, int slices) {
        int g = w.gateWidth;
        if (partials != null) {
            for (int s = 0; s < slices; s++) {
                kernels.add(width, partials, s * width, biasGrad, 0);
            }
            partials = null;
        } else if (width > 0) {
            int rows = w.steps * w.batch;
            kernels.addColumnSums(rows, g, w.dxp, w.dxpStart, biasGrad, 0);
            if (width == 2 * g) {
                kernels.addColumnSums(rows, g, w.drp, w.drpStart, biasGrad, g);
            }
        }
    }
}

package dev.recurrent.layers;

import dev.recurrent.kernels.PackedMatrix;

import java.util.Arrays;

/**
 * One step at a time of a built {@link Recurrent} layer, for inference: the states come in and go
 * out with each call instead of living in the layer, so that a decoder can hold many (one per beam).
 * A step computes what step t of {@link Recurrent#forward} computes, with the same kernels (its own
 * workspace and time loop: the layer, its carried states and its caches are left as they are).
 *
 * <p>A layer that reads its input from the last step first ({@code goBackwards}) cannot step and is
 * refused. The recurrent kernel is packed (for a large layer) when the step is made: make a new one
 * after the weights change.
 */
public final class RecurrentStep {
    private final Recurrent layer;
    private final TimeLoop timeLoop;
    private final PackedMatrix packed;
    private Workspace ws;

    public RecurrentStep(Recurrent layer) {
        if (layer.inputFeatures() <= 0) {
            throw new IllegalStateException(layer.name() + ": the layer is not built yet; build the model first");
        }
        if (layer.config().goBackwards()) {
            throw new IllegalArgumentException(layer.name() + ": a layer with go_backwards reads the sequence from its"
                    + " last step, so it cannot run one step at a time");
        }
        this.layer = layer;
        Cell cell = layer.cell();
        this.timeLoop = new TimeLoop(cell, layer.units(), true, false, false);
        this.packed = !layer.weights().packs() ? null
                : layer.kernels().pack(layer.weights().recurrentKernel().value(), 0, cell.gates() * layer.units(),
                        layer.units(), cell.gates() * layer.units(), null);
    }

    /** H, the length of a state and of the output. */
    public int units() {
        return layer.units();
    }

    /** I, the length of one step's input. */
    public int inputFeatures() {
        return layer.inputFeatures();
    }

    /** 2 (h, c) for the LSTM, else 1 (h). */
    public int stateCount() {
        return layer.stateCount();
    }

    /** Zero states, {h} or {h, c}, each [batch, H]: where a sequence starts. */
    public float[][] zeroStates(int batch) {
        float[][] s = new float[stateCount()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = new float[batch * units()];
        }
        return s;
    }

    /**
     * One step over x [batch, I]: updates {@code states} ({h} or {h, c}, each [batch, H]) in place
     * and returns the output [batch, H], a new array. Where {@code mask[b]} is false, sample b's
     * states stay as they were and its output is its h (zeros with {@code zero_output_for_mask}), as
     * at a masked step of a whole sequence.
     *
     * @param mask [batch], or null for none
     */
    public float[] step(float[] x, int batch, boolean[] mask, float[][] states) {
        int in = inputFeatures(), h = units(), bh = batch * h;
        RecurrentChecks.input(layer.name(), in, h, layer.cell().hasCellState(), -1, x, batch, 1, in, mask, states);
        if (ws == null || !ws.fits(batch, 1)) {
            Cell cell = layer.cell();
            ws = new Workspace(batch, 1, in, h, cell.gates(), cell.hasCellState(), cell.hasDirectHiddenPath(), true);
        }
        ws.prepareInput();
        ws.useRecurrentDropout(false);
        System.arraycopy(x, 0, ws.xs, 0, batch * in);
        int g = ws.gateWidth;
        RecurrentWeights weights = layer.weights();
        layer.kernels().gemm(false, false, batch, g, in, ws.xs, 0, in, weights.kernel().value(), 0, g, false, ws.xp, 0, g);
        System.arraycopy(states[0], 0, ws.hs, 0, bh);
        boolean cellState = layer.cell().hasCellState();
        if (cellState) {
            System.arraycopy(states[1], 0, ws.cs, 0, bh);
        }
        timeLoop.forward(layer.kernels(), ws, weights.bias().value(), weights.recurrentKernel().value(), packed,
                mask, false, 1);
        System.arraycopy(ws.hs, bh, states[0], 0, bh);
        if (cellState) {
            System.arraycopy(ws.cs, bh, states[1], 0, bh);
        }
        float[] out = Arrays.copyOf(states[0], bh);
        if (mask != null && layer.config().returnSequences() && layer.config().zeroOutputForMask()) {
            for (int b = 0; b < batch; b++) {
                if (!mask[b]) {
                    Arrays.fill(out, b * h, (b + 1) * h, 0f);
                }
            }
        }
        return out;
    }
}

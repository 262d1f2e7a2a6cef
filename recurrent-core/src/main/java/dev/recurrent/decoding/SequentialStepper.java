package dev.recurrent.decoding;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.DenseStep;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RecurrentStep;
import dev.recurrent.layers.TimeDistributed;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of built layers (a {@code Sequential}'s {@code layers()}) run one time step at a time,
 * for inference: {@code step(x_t, state)} gives the model's output at step t and advances the
 * states, nothing recomputed for the steps before. The output at step t is what the model's
 * {@code predict} gives at step t for the sequence so far (for a model whose last recurrent layer
 * returns its last step only, what it gives for the sequence x_0…x_t), from zero states.
 *
 * <p>Layers it can step: an {@link Embedding} first (the input is then one token id per sequence,
 * with {@code mask_zero} id 0 a masked step), recurrent layers (not {@code go_backwards}), and
 * {@link Dense}, {@link Dropout} (the identity, as at inference) and {@link TimeDistributed} of
 * those. Others are refused when the stepper is made, naming the layer and why. The layers'
 * weights are read at each step (but a large recurrent kernel is packed when the stepper is made),
 * and their carried states ({@code stateful}) are neither read nor changed: the states live in the
 * {@link StepState}.
 */
public final class SequentialStepper {
    private final List<Stage> stages = new ArrayList<>();
    private final boolean tokens;
    private final int inputSize, outputSize, tokenCount;
    private final int recurrentLayers;

    private SequentialStepper(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("expected at least one layer to step, got none");
        }
        for (Layer l : layers) {
            if (!l.isBuilt()) {
                throw new IllegalStateException(l.name() + ": the layer is not built yet; build the model first");
            }
        }
        boolean ids = !layers.isEmpty() && layers.get(0) instanceof Embedding;
        int recurrent = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof Embedding e) {
                if (i > 0) {
                    throw refuse(l, "an Embedding can step only as the first layer");
                }
                stages.add(new Lookup(e));
            } else if (l instanceof Recurrent r) {
                stages.add(new RecurrentStage(new RecurrentStep(r), recurrent++, r.config().returnSequences()));
            } else {
                stages.add(perRow(l, l));
            }
        }
        this.recurrentLayers = recurrent;
        this.tokens = ids;
        int[] in = layers.get(0).inputShape().dims();
        this.inputSize = ids ? 1 : in[in.length - 1];
        this.tokenCount = ids ? ((Embedding) layers.get(0)).inputDim() : inputSize;
        int[] out = layers.get(layers.size() - 1).outputShape().dims();
        this.outputSize = out[out.length - 1];
    }

    /**
     * The stepper of a built model's layers, in order, each one that can step (see the class
     * comment): {@code SequentialStepper.of(model.layers())}.
     *
     * @throws IllegalArgumentException naming the first layer that cannot step, and why
     */
    public static SequentialStepper of(List<Layer> layers) {
        return new SequentialStepper(List.copyOf(layers));
    }

    /** Whether one step's input is a token id (the model starts with an Embedding) rather than a vector. */
    public boolean readsTokens() {
        return tokens;
    }

    /** The values of one step's input per sequence: 1 (a token id) or the features F. */
    public int inputSize() {
        return inputSize;
    }

    /** With token ids, the embedding's input_dim; else the features F. */
    public int tokenCount() {
        return tokenCount;
    }

    /** The values of one step's output per sequence. */
    public int outputSize() {
        return outputSize;
    }

    /** Zero states for {@code batch} sequences: where every sequence starts. */
    public StepState start(int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("expected a positive batch size, got " + batch);
        }
        float[][][] states = new float[recurrentLayers][][];
        for (Stage s : stages) {
            if (s instanceof RecurrentStage r) {
                states[r.index] = r.step.zeroStates(batch);
            }
        }
        return new StepState(batch, states);
    }

    /**
     * One step: x [batch, inputSize] (token ids, or one step's features), the states advanced in
     * place; returns the output [batch, outputSize], a new array.
     */
    public float[] step(float[] x, StepState state) {
        int batch = state.batch();
        if (x == null || x.length != batch * inputSize) {
            throw new IllegalArgumentException("expected one step's input [" + batch + ", " + inputSize + "] ("
                    + batch * inputSize + " values), got " + (x == null ? "null" : x.length + " values"));
        }
        if (state.layerCount() != recurrentLayers) {
            throw new IllegalArgumentException("expected the states of " + recurrentLayers
                    + " recurrent layer(s), got " + state.layerCount() + "; make them with start(batch)");
        }
        float[] y = x;
        boolean[] mask = null;
        for (Stage s : stages) {
            y = s.apply(y, batch, mask, state);
            mask = s.outputMask(mask);
        }
        return y == x ? x.clone() : y;
    }

    /** One layer's part of a step. */
    private abstract static class Stage {
        abstract float[] apply(float[] x, int batch, boolean[] mask, StepState state);

        boolean[] outputMask(boolean[] inputMask) {
            return inputMask;
        }
    }

    /** The stage of a layer that acts on each row alone: Dense, Dropout, TimeDistributed of those. */
    private static Stage perRow(Layer outer, Layer l) {
        if (l instanceof Dense d) {
            DenseStep step = new DenseStep(d);
            return new Stage() {
                @Override
                float[] apply(float[] x, int batch, boolean[] mask, StepState state) {
                    return step.step(x, batch);
                }
            };
        }
        if (l instanceof Dropout) {
            return new Stage() {
                @Override
                float[] apply(float[] x, int batch, boolean[] mask, StepState state) {
                    return x;
                }
            };
        }
        if (l instanceof TimeDistributed td && outer == l) {
            return perRow(outer, td.inner());
        }
        if (l instanceof Bidirectional) {
            throw refuse(outer, "its backward direction reads the sequence from the last step, which is not there"
                    + " yet when the sequence is read one step at a time");
        }
        throw refuse(outer, "a " + l.type() + " layer has no step; layers that can step are Embedding (first),"
                + " LSTM, GRU, SimpleRNN and their variants, Dense, Dropout and TimeDistributed of Dense or Dropout");
    }

    private static IllegalArgumentException refuse(Layer l, String why) {
        return new IllegalArgumentException(l.name() + ": cannot run one step at a time: " + why);
    }

    /** An Embedding: each sequence's token id to its vector, and with mask_zero the step's mask. */
    private static final class Lookup extends Stage {
        private final Embedding embedding;
        private final boolean maskZero;
        private boolean[] mask;

        Lookup(Embedding embedding) {
            this.embedding = embedding;
            this.maskZero = Boolean.TRUE.equals(embedding.getConfig().get("mask_zero"));
        }

        @Override
        float[] apply(float[] ids, int batch, boolean[] inputMask, StepState state) {
            int dim = embedding.outputDim(), n = embedding.inputDim();
            float[] table = embedding.parameters().get(0).value();
            float[] out = new float[batch * dim];
            mask = maskZero ? new boolean[batch] : null;
            for (int b = 0; b < batch; b++) {
                float v = ids[b];
                int id = (int) v;
                if (id != v || id < 0 || id >= n) {
                    throw new IllegalArgumentException(embedding.name() + ": token id " + v + " of sequence " + b
                            + " is not an integer in [0, " + n + ")");
                }
                System.arraycopy(table, id * dim, out, b * dim, dim);
                if (maskZero) {
                    mask[b] = id != 0;
                }
            }
            return out;
        }

        @Override
        boolean[] outputMask(boolean[] inputMask) {
            return maskZero ? mask : inputMask;
        }
    }

    /** A recurrent layer: its step on its states in the {@link StepState}. */
    private static final class RecurrentStage extends Stage {
        final RecurrentStep step;
        final int index;
        private final boolean returnSequences;

        RecurrentStage(RecurrentStep step, int index, boolean returnSequences) {
            this.step = step;
            this.index = index;
            this.returnSequences = returnSequences;
        }

        @Override
        float[] apply(float[] x, int batch, boolean[] mask, StepState state) {
            return step.step(x, batch, mask, state.layer(index));
        }

        /** A layer that returns its last step only leaves no time axis, and so no mask. */
        @Override
        boolean[] outputMask(boolean[] inputMask) {
            return returnSequences ? inputMask : null;
        }
    }
}

package dev.recurrent.graph;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.Shape;

import java.util.List;

/**
 * A recurrent layer called on a sequence and, optionally, its initial states (Keras'
 * {@code layer(x, initial_state=[h, c])}); with {@code returnState} its outputs are
 * {@code [output, h]} or {@code [output, h, c]}, as Keras returns them. A call that ignores its
 * input's mask runs every step, forward and backward, as Keras 3 runs a call of several tensors;
 * its output keeps the input's mask all the same (Keras' {@code compute_mask}).
 */
final class RecurrentOp extends Op {
    private final Recurrent layer;
    private final boolean withStates;
    private final boolean ignoresMask;

    RecurrentOp(Recurrent layer, boolean withStates, boolean ignoresMask) {
        this.layer = layer;
        this.withStates = withStates;
        this.ignoresMask = ignoresMask;
    }

    boolean ignoresMask() {
        return ignoresMask;
    }

    @Override
    Object layer() {
        return layer;
    }

    @Override
    String name() {
        return layer.name();
    }

    @Override
    String type() {
        return layer.type();
    }

    @Override
    List<Parameter> parameters() {
        return layer.parameters();
    }

    private boolean returnsState() {
        return layer.config().returnState();
    }

    @Override
    Shape[] prepare(Shape[] inputs) {
        Shape out = layer.resizeSteps(inputs[0]);
        if (!returnsState()) {
            return new Shape[] {out};
        }
        Shape[] outs = new Shape[1 + layer.stateCount()];
        outs[0] = out;
        for (int i = 1; i < outs.length; i++) {
            outs[i] = Shape.of(layer.units());
        }
        return outs;
    }

    @Override
    float[][] forward(float[][] xs, boolean[][] masks, int batch, boolean training) {
        Shape in = layer.inputShape();
        float[][] initial = null;
        if (withStates) {
            initial = new float[layer.stateCount()][];
            System.arraycopy(xs, 1, initial, 0, initial.length);
        }
        float[] y = layer.forward(xs[0], batch, in.dim(0), in.dim(1), ignoresMask ? null : masks[0], initial, training);
        if (!returnsState()) {
            return new float[][] {y};
        }
        float[][] states = layer.finalStates();
        float[][] outs = new float[1 + states.length][];
        outs[0] = y;
        System.arraycopy(states, 0, outs, 1, states.length);
        return outs;
    }

    @Override
    boolean[][] outputMasks(boolean[][] masks, int batch) {
        boolean[][] out = new boolean[returnsState() ? 1 + layer.stateCount() : 1][];
        out[0] = layer.outputMask(masks[0]);
        return out;
    }

    @Override
    float[][] backward(float[][] xs, float[][] dys, Shape[] outputShapes, int batch, boolean[] inputGradients) {
        float[] dy = dys[0] != null ? dys[0] : new float[batch * outputShapes[0].size()];
        float[][] dFinal = null;
        if (returnsState()) {
            dFinal = new float[layer.stateCount()][];
            System.arraycopy(dys, 1, dFinal, 0, dFinal.length);
        }
        float[][] dIn = new float[xs.length][];
        if (!inputGradients[0] && !withStates && dFinal == null) {
            layer.backwardParametersOnly(dy);
            return dIn;
        }
        dIn[0] = layer.backward(dy, dFinal);
        if (withStates) {
            float[][] d0 = layer.initialStateGradients();
            System.arraycopy(d0, 0, dIn, 1, d0.length);
        }
        return dIn;
    }

    @Override
    SeededRandom random() {
        return layer.random();
    }

    @Override
    boolean drawsRandomMasks() {
        return layer.config().dropout() > 0 || layer.config().recurrentDropout() > 0;
    }
}

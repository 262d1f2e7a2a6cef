package dev.recurrent.graph;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;

import java.util.List;

/** What a {@link Call} runs: a layer, a recurrent layer with its states, a merge or an attention layer. */
abstract class Op {

    abstract String name();

    abstract String type();

    abstract List<Parameter> parameters();

    /**
     * Readies the op for inputs of these sample shapes (a built layer runs on other steps, see
     * {@code Layer.resizeSteps}) and returns the output shapes.
     */
    abstract Shape[] prepare(Shape[] inputs);

    /** The current sample shapes of the inputs, given before each forward and backward call. */
    void inputShapes(Shape[] shapes) {
    }

    /** The outputs for the inputs, new arrays or the layer's buffers (the run copies them). */
    abstract float[][] forward(float[][] xs, boolean[][] masks, int batch, boolean training);

    /** The outputs' masks for the inputs' masks (Keras' compute_mask). */
    abstract boolean[][] outputMasks(boolean[][] masks, int batch);

    /**
     * The inputs' gradients for the outputs' gradients (an entry null: no gradient), of the last
     * forward call; an input gradient may be null when {@code inputGradients[i]} is false.
     */
    abstract float[][] backward(float[][] xs, float[][] dys, Shape[] outputShapes, int batch, boolean[] inputGradients);

    /** Whether the op keeps the buffers of its last call, so that a shared call's backward must run it again first. */
    boolean keepsLastCall() {
        return true;
    }

    /** Whether a training call draws random masks (dropout), which a repeated call would draw again. */
    boolean drawsRandomMasks() {
        return false;
    }

    /** The generator the dropout masks are drawn from, when {@link #drawsRandomMasks}. */
    SeededRandom random() {
        return null;
    }

    /**
     * The wrapped layer (a {@code Layer} or an attention layer), or the merge itself: the object whose
     * weights (and, for layers, last-call buffers) a call uses, so shared calls share it.
     */
    abstract Object layer();
}

package dev.recurrent.graph;

import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Layer;
import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;

import java.util.List;

/** A one-input, one-output {@link Layer} called on a node. */
final class LayerOp extends Op {
    private final Layer layer;

    LayerOp(Layer layer) {
        this.layer = layer;
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

    @Override
    Shape[] prepare(Shape[] inputs) {
        return new Shape[] {layer.resizeSteps(inputs[0])};
    }

    @Override
    float[][] forward(float[][] xs, boolean[][] masks, int batch, boolean training) {
        return new float[][] {layer.forward(xs[0], batch, masks[0], training)};
    }

    @Override
    boolean[][] outputMasks(boolean[][] masks, int batch) {
        return new boolean[][] {layer.outputMask(masks[0])};
    }

    @Override
    float[][] backward(float[][] xs, float[][] dys, Shape[] outputShapes, int batch, boolean[] inputGradients) {
        float[] dy = dys[0] != null ? dys[0] : new float[batch * outputShapes[0].size()];
        if (!inputGradients[0]) {
            layer.backwardParametersOnly(dy);
            return new float[][] {null};
        }
        return new float[][] {layer.backward(dy)};
    }

    @Override
    SeededRandom random() {
        return layer instanceof Dropout d ? d.random() : null;
    }

    @Override
    boolean drawsRandomMasks() {
        return layer instanceof Dropout d && d.rate() > 0;
    }
}

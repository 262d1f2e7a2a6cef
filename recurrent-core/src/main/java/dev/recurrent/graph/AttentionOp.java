package dev.recurrent.graph;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;
import dev.recurrent.layers.attention.AttentionLayer;

import java.util.List;

/**
 * An attention layer called on {@code [query, value]} or {@code [query, value, key]} (Keras'
 * {@code attention([q, v, k], use_causal_mask=..., return_attention_scores=...)}): the query's and
 * the value's masks are the layer's masks; the output keeps the query's mask, the scores have none.
 */
final class AttentionOp extends Op {
    private final AttentionLayer layer;
    private final boolean causal, returnScores;

    AttentionOp(AttentionLayer layer, boolean causal, boolean returnScores) {
        this.layer = layer;
        this.causal = causal;
        this.returnScores = returnScores;
    }

    boolean causal() {
        return causal;
    }

    boolean returnsScores() {
        return returnScores;
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
    Shape[] prepare(Shape[] in) {
        Shape key = in.length > 2 ? in[2] : null;
        if (!layer.isBuilt() || layer.outputShape().dim(0) != in[0].dim(0) || layer.scoresShape().dim(1) != in[1].dim(0)
                || layer.outputShape().last() != in[1].last() || layer.hasKey() != (key != null)) {
            layer.build(in[0], in[1], key, 0);
        }
        return returnScores ? new Shape[] {layer.outputShape(), layer.scoresShape()} : new Shape[] {layer.outputShape()};
    }

    @Override
    float[][] forward(float[][] xs, boolean[][] masks, int batch, boolean training) {
        float[] y = layer.forward(xs[0], xs[1], xs.length > 2 ? xs[2] : null, masks[0], masks[1], batch, training, causal);
        return returnScores ? new float[][] {y, layer.scores()} : new float[][] {y};
    }

    @Override
    boolean[][] outputMasks(boolean[][] masks, int batch) {
        boolean[] out = layer.outputMask(masks[0], masks[1]);
        return returnScores ? new boolean[][] {out, null} : new boolean[][] {out};
    }

    @Override
    float[][] backward(float[][] xs, float[][] dys, Shape[] outputShapes, int batch, boolean[] inputGradients) {
        float[] dy = dys[0] != null ? dys[0] : new float[batch * outputShapes[0].size()];
        layer.backward(dy, returnScores ? dys[1] : null);
        float[][] d = new float[xs.length][];
        d[0] = layer.queryGradient();
        d[1] = layer.valueGradient();
        if (xs.length > 2) {
            d[2] = layer.keyGradient();
        }
        return d;
    }

    @Override
    SeededRandom random() {
        return layer.random();
    }

    @Override
    boolean drawsRandomMasks() {
        return layer.dropout() > 0;
    }
}

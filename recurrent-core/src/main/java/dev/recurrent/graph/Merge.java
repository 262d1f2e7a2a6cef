package dev.recurrent.graph;

import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer that merges several nodes into one (Keras' {@code Merge} layers): {@link Concatenate},
 * {@link Add}, {@link Multiply}, {@link Average}, {@link Dot}. No weights; the values a backward
 * pass needs are the call's inputs, so a merge may be called any number of times.
 */
public abstract class Merge extends Op {
    private String name;

    protected Merge(String name) {
        this.name = name;
    }

    /** The merge of {@code inputs}, checked now: shapes that cannot merge are refused, naming the nodes and shapes. */
    public final Node call(Node... inputs) {
        return Functional.callMerge(this, List.of(inputs));
    }

    /** As {@link #call(Node...)}, Keras' {@code Concatenate()([a, b])}. */
    public final Node call(List<Node> inputs) {
        return Functional.callMerge(this, inputs);
    }

    @Override
    public String name() {
        return name;
    }

    /** Renames the layer (models make names unique). */
    public void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a layer name must not be empty");
        }
        this.name = name;
    }

    @Override
    public abstract String type();

    /** Keras' get_config. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        return c;
    }

    @Override
    final Object layer() {
        return this;
    }

    @Override
    final List<Parameter> parameters() {
        return List.of();
    }

    @Override
    final boolean keepsLastCall() {
        return false;
    }

    /** The output shape for these inputs, or a refusal naming each input node and its shape. */
    abstract Shape outputShape(List<Node> inputs);

    @Override
    final Shape[] prepare(Shape[] inputs) {
        return new Shape[] {outputShape(inputs)};
    }

    /** The output shape for the inputs' shapes (at run time, when the steps change). */
    abstract Shape outputShape(Shape[] inputs);

    @Override
    final float[][] forward(float[][] xs, boolean[][] masks, int batch, boolean training) {
        return new float[][] {merge(xs, batch)};
    }

    abstract float[] merge(float[][] xs, int batch);

    /** Keras' {@code Merge.compute_mask}: the AND of the inputs' masks (null where none has one). */
    @Override
    boolean[][] outputMasks(boolean[][] masks, int batch) {
        boolean[] and = null;
        for (boolean[] m : masks) {
            if (m == null) {
                continue;
            }
            if (and == null) {
                and = m.clone();
            } else {
                for (int i = 0; i < and.length; i++) {
                    and[i] &= m[i];
                }
            }
        }
        return new boolean[][] {and};
    }

    @Override
    final float[][] backward(float[][] xs, float[][] dys, Shape[] outputShapes, int batch, boolean[] inputGradients) {
        float[] dy = dys[0] != null ? dys[0] : new float[batch * outputShapes[0].size()];
        return gradients(xs, dy, batch);
    }

    abstract float[][] gradients(float[][] xs, float[] dy, int batch);

    /** "the inputs a (None, 3) and b (None, 4)" for a refusal. */
    static String describe(List<Node> inputs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) {
            s.append(i == 0 ? "" : i == inputs.size() - 1 ? " and " : ", ")
                    .append(inputs.get(i).name()).append(' ').append(inputs.get(i).shapeText());
        }
        return s.toString();
    }

    /** Shapes of the same layer (Add, Multiply, Average) or a refusal. */
    static Shape sameShapes(String name, List<Node> inputs) {
        if (inputs.size() < 2) {
            throw new IllegalArgumentException(name + ": expected at least 2 inputs, got " + inputs.size());
        }
        Shape first = inputs.get(0).shape();
        for (Node n : inputs) {
            if (!n.shape().equals(first) || n.variableSteps() != inputs.get(0).variableSteps()) {
                throw new IllegalArgumentException(name + ": expected inputs of one shape, got " + describe(inputs));
            }
        }
        return first;
    }
}

package dev.recurrent.graph;

import dev.recurrent.layers.Shape;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Concatenate(axis=-1)}: inputs of one shape but on {@code axis}, joined along it.
 * The axis counts the batch as Keras does: 1 is the first sample dimension, −1 the last.
 */
public final class Concatenate extends Merge {
    private final int axis;

    public Concatenate() {
        this(-1);
    }

    public Concatenate(int axis) {
        this("concatenate", axis);
    }

    public Concatenate(String name, int axis) {
        super(name);
        if (axis == 0) {
            throw new IllegalArgumentException(name + ": cannot concatenate along the batch axis 0");
        }
        this.axis = axis;
    }

    @Override
    public String type() {
        return "Concatenate";
    }

    public int axis() {
        return axis;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    /** The axis within a sample of {@code rank} dimensions, or −1 when out of range. */
    private int sampleAxis(int rank) {
        int a = axis < 0 ? rank + axis : axis - 1;
        return a >= 0 && a < rank ? a : -1;
    }

    @Override
    Shape outputShape(List<Node> inputs) {
        if (inputs.size() < 2) {
            throw new IllegalArgumentException(name() + ": expected at least 2 inputs, got " + inputs.size());
        }
        Shape[] shapes = new Shape[inputs.size()];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = inputs.get(i).shape();
            if (inputs.get(i).variableSteps() != inputs.get(0).variableSteps() && sampleAxis(shapes[i].rank()) != 0) {
                throw new IllegalArgumentException(name() + ": expected inputs of one number of steps, got " + describe(inputs));
            }
        }
        Shape out = concatenated(shapes);
        if (out == null) {
            throw new IllegalArgumentException(name() + ": expected inputs of one shape except on axis " + axis
                    + ", got " + describe(inputs));
        }
        return out;
    }

    @Override
    Shape outputShape(Shape[] inputs) {
        Shape out = concatenated(inputs);
        if (out == null) {
            throw new IllegalArgumentException(name() + ": expected inputs of one shape except on axis " + axis
                    + ", got " + java.util.Arrays.toString(inputs));
        }
        return out;
    }

    private Shape concatenated(Shape[] shapes) {
        int rank = shapes[0].rank(), a = sampleAxis(rank);
        if (a < 0) {
            return null;
        }
        int[] out = shapes[0].dims();
        out[a] = 0;
        for (Shape s : shapes) {
            if (s.rank() != rank) {
                return null;
            }
            for (int d = 0; d < rank; d++) {
                if (d != a && s.dim(d) != out[d]) {
                    return null;
                }
            }
            out[a] += s.dim(a);
        }
        return Shape.of(out);
    }

    @Override
    float[] merge(float[][] xs, int batch) {
        int[] chunk = chunks(xs, batch);
        int outer = chunk[xs.length], sum = chunk[xs.length + 1];
        float[] y = new float[outer * sum];
        for (int o = 0; o < outer; o++) {
            int at = o * sum;
            for (int k = 0; k < xs.length; k++) {
                System.arraycopy(xs[k], o * chunk[k], y, at, chunk[k]);
                at += chunk[k];
            }
        }
        return y;
    }

    @Override
    float[][] gradients(float[][] xs, float[] dy, int batch) {
        int[] chunk = chunks(xs, batch);
        int outer = chunk[xs.length], sum = chunk[xs.length + 1];
        float[][] d = new float[xs.length][];
        for (int k = 0; k < xs.length; k++) {
            d[k] = new float[xs[k].length];
        }
        for (int o = 0; o < outer; o++) {
            int at = o * sum;
            for (int k = 0; k < xs.length; k++) {
                System.arraycopy(dy, at, d[k], o * chunk[k], chunk[k]);
                at += chunk[k];
            }
        }
        return d;
    }

    /**
     * Per input, the values it puts in each outer block (its axis length times the inner size); then
     * the number of outer blocks and the output block's size. Read from the inputs' current shapes.
     */
    private int[] chunks(float[][] xs, int batch) {
        Shape[] shapes = lastShapes;
        int a = sampleAxis(shapes[0].rank()), inner = 1, outer = batch;
        for (int d = a + 1; d < shapes[0].rank(); d++) {
            inner *= shapes[0].dim(d);
        }
        for (int d = 0; d < a; d++) {
            outer *= shapes[0].dim(d);
        }
        int[] c = new int[xs.length + 2];
        for (int k = 0; k < xs.length; k++) {
            c[k] = shapes[k].dim(a) * inner;
            c[xs.length + 1] += c[k];
        }
        c[xs.length] = outer;
        return c;
    }

    private Shape[] lastShapes;

    @Override
    void inputShapes(Shape[] shapes) {
        lastShapes = shapes;
    }

    /**
     * Keras' {@code Concatenate.compute_mask}: the masks concatenated (an input without one counting
     * as all true), then any over the last axis: along the steps the masks are joined; along the
     * features a step is kept where any input keeps it (no mask when an input has none).
     */
    @Override
    boolean[][] outputMasks(boolean[][] masks, int batch) {
        boolean any = false;
        for (boolean[] m : masks) {
            any |= m != null;
        }
        if (!any) {
            return new boolean[][] {null};
        }
        Shape[] shapes = lastShapes;
        if (sampleAxis(shapes[0].rank()) == 0 && shapes[0].rank() >= 2) {
            int total = 0;
            for (Shape s : shapes) {
                total += s.dim(0);
            }
            boolean[] out = new boolean[batch * total];
            for (int b = 0; b < batch; b++) {
                int at = b * total;
                for (int k = 0; k < masks.length; k++) {
                    int t = shapes[k].dim(0);
                    for (int i = 0; i < t; i++) {
                        out[at + i] = masks[k] == null || masks[k][b * t + i];
                    }
                    at += t;
                }
            }
            return new boolean[][] {out};
        }
        boolean[] or = null;
        for (boolean[] m : masks) {
            if (m == null) {
                return new boolean[][] {null};
            }
            if (or == null) {
                or = m.clone();
            } else {
                for (int i = 0; i < or.length; i++) {
                    or[i] |= m[i];
                }
            }
        }
        return new boolean[][] {or};
    }
}

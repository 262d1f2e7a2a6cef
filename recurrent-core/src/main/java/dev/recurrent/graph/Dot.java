package dev.recurrent.graph;

import dev.recurrent.layers.Shape;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Dot(axes)} of two inputs (Keras' {@code batch_dot}): per sample, the sum over the
 * axis {@code axes[0]} of x and {@code axes[1]} of y (the batch is axis 0, as in Keras) of their
 * product; the output has x's other dimensions, then y's ({@code (1)} when none are left). Samples
 * of rank 1 or 2: {@code Dot(2)} of (Tq, D) and (Tv, D) gives the (Tq, Tv) scores of dot attention.
 * No mask (Keras' {@code Dot.compute_mask} returns None); {@code normalize} is not offered.
 */
public final class Dot extends Merge {
    private final int axisX, axisY;
    private Shape[] lastShapes;

    /** The same axis in both inputs. */
    public Dot(int axes) {
        this("dot", axes, axes);
    }

    public Dot(int axisX, int axisY) {
        this("dot", axisX, axisY);
    }

    public Dot(String name, int axisX, int axisY) {
        super(name);
        if (axisX == 0 || axisY == 0) {
            throw new IllegalArgumentException(name + ": cannot take the dot product along the batch axis 0");
        }
        this.axisX = axisX;
        this.axisY = axisY;
    }

    @Override
    public String type() {
        return "Dot";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axes", axisX == axisY ? (Object) axisX : List.of(axisX, axisY));
        c.put("normalize", false);
        return c;
    }

    public int[] axes() {
        return new int[] {axisX, axisY};
    }

    private static int sampleAxis(int axis, int rank) {
        int a = axis < 0 ? rank + axis : axis - 1;
        return a >= 0 && a < rank ? a : -1;
    }

    @Override
    Shape outputShape(List<Node> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(name() + ": expected 2 inputs, got " + inputs.size());
        }
        Shape out = product(inputs.get(0).shape(), inputs.get(1).shape());
        if (out == null) {
            throw new IllegalArgumentException(name() + ": expected inputs of rank 1 or 2 (without the batch) whose axes "
                    + axisX + " and " + axisY + " have one length, got " + describe(inputs));
        }
        return out;
    }

    @Override
    Shape outputShape(Shape[] inputs) {
        Shape out = product(inputs[0], inputs[1]);
        if (out == null) {
            throw new IllegalArgumentException(name() + ": axes " + axisX + " and " + axisY + " do not match in "
                    + inputs[0] + " and " + inputs[1]);
        }
        return out;
    }

    private Shape product(Shape x, Shape y) {
        if (x.rank() > 2 || y.rank() > 2) {
            return null;
        }
        int ax = sampleAxis(axisX, x.rank()), ay = sampleAxis(axisY, y.rank());
        if (ax < 0 || ay < 0 || x.dim(ax) != y.dim(ay)) {
            return null;
        }
        int[] dims = new int[x.rank() + y.rank() - 2];
        int n = 0;
        for (int d = 0; d < x.rank(); d++) {
            if (d != ax) {
                dims[n++] = x.dim(d);
            }
        }
        for (int d = 0; d < y.rank(); d++) {
            if (d != ay) {
                dims[n++] = y.dim(d);
            }
        }
        return dims.length == 0 ? Shape.of(1) : Shape.of(dims);
    }

    @Override
    void inputShapes(Shape[] shapes) {
        lastShapes = shapes;
    }

    /** x as [m, k] and y as [k, n] by strides: {m, k, n, xm, xk, yk, yn}. */
    private int[] layout() {
        Shape x = lastShapes[0], y = lastShapes[1];
        int ax = sampleAxis(axisX, x.rank()), ay = sampleAxis(axisY, y.rank());
        int k = x.dim(ax);
        int m = x.size() / k, n = y.size() / k;
        int xk = x.rank() == 2 && ax == 0 ? x.dim(1) : 1;
        int xm = x.rank() == 2 ? (ax == 0 ? 1 : x.dim(1)) : 0;
        int yk = y.rank() == 2 && ay == 0 ? y.dim(1) : 1;
        int yn = y.rank() == 2 ? (ay == 0 ? 1 : y.dim(1)) : 0;
        return new int[] {m, k, n, xm, xk, yk, yn};
    }

    @Override
    float[] merge(float[][] xs, int batch) {
        int[] l = layout();
        int m = l[0], k = l[1], n = l[2], xs0 = m * k, ys0 = k * n;
        float[] out = new float[batch * m * n];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int c = 0; c < k; c++) {
                        s += xs[0][b * xs0 + i * l[3] + c * l[4]] * xs[1][b * ys0 + c * l[5] + j * l[6]];
                    }
                    out[(b * m + i) * n + j] = (float) s;
                }
            }
        }
        return out;
    }

    @Override
    float[][] gradients(float[][] xs, float[] dy, int batch) {
        int[] l = layout();
        int m = l[0], k = l[1], n = l[2], xs0 = m * k, ys0 = k * n;
        float[] dx = new float[xs[0].length], dyv = new float[xs[1].length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float g = dy[(b * m + i) * n + j];
                    for (int c = 0; c < k; c++) {
                        int xi = b * xs0 + i * l[3] + c * l[4], yi = b * ys0 + c * l[5] + j * l[6];
                        dx[xi] += g * xs[1][yi];
                        dyv[yi] += g * xs[0][xi];
                    }
                }
            }
        }
        return new float[][] {dx, dyv};
    }

    @Override
    boolean[][] outputMasks(boolean[][] masks, int batch) {
        return new boolean[][] {null};
    }
}

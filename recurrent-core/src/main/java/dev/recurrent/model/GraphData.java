package dev.recurrent.model;

import dev.recurrent.graph.Node;
import dev.recurrent.layers.Shape;
import dev.recurrent.loss.Loss;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** A graph model's data: its checks against the inputs and outputs, batches and slices. */
final class GraphData {

    private GraphData() {
    }

    /** xs must be one tensor per input, of the input's shape (any steps where it has None), with one sample count. */
    static void inputs(String model, List<Node> inputs, String what, List<Tensor> xs) {
        if (xs == null || xs.size() != inputs.size()) {
            throw new IllegalArgumentException(model + ": expected " + inputs.size() + " " + what + " arrays, one per input "
                    + names(inputs) + ", got " + (xs == null ? 0 : xs.size()));
        }
        for (int i = 0; i < xs.size(); i++) {
            Node in = inputs.get(i);
            Tensor x = xs.get(i);
            int[] s = x.sampleShape(), want = in.shape().dims();
            boolean ok = s.length == want.length;
            for (int d = 0; ok && d < s.length; d++) {
                ok = s[d] == want[d] || d == 0 && in.variableSteps();
            }
            if (!ok) {
                throw new IllegalArgumentException(model + ": " + what + " " + i + " has samples of shape " + Shape.of(s)
                        + " but the input " + in.name() + " is " + in.shapeText());
            }
            if (x.samples() != xs.get(0).samples()) {
                throw new IllegalArgumentException(model + ": " + what + " 0 has " + xs.get(0).samples() + " samples but "
                        + what + " " + i + " has " + x.samples());
            }
        }
    }

    /** ys must be one tensor per output, with as many target values as the output and its loss take. */
    static void targets(String model, List<Node> outputs, Shape[] shapes, Loss[] losses, String what, List<Tensor> ys,
                        int samples) {
        if (ys == null || ys.size() != outputs.size()) {
            throw new IllegalArgumentException(model + ": expected " + outputs.size() + " " + what + " arrays, one per output "
                    + names(outputs) + ", got " + (ys == null ? 0 : ys.size()));
        }
        for (int k = 0; k < ys.size(); k++) {
            Tensor y = ys.get(k);
            int cols = shapes[k].last(), expected = shapes[k].size() / cols * losses[k].targetColumns(cols);
            if (y.samples() != samples) {
                throw new IllegalArgumentException(model + ": the inputs have " + samples + " samples but " + what + " " + k
                        + " has " + y.samples());
            }
            if (y.sampleSize() != expected) {
                throw new IllegalArgumentException(model + ": " + what + " " + k + " has samples of shape "
                        + Shape.of(y.sampleShape()) + " but the output " + outputs.get(k).name() + " is " + shapes[k]
                        + " and " + losses[k].name() + " expects " + expected + " target values per sample");
            }
        }
    }

    static List<String> names(List<Node> nodes) {
        List<String> n = new ArrayList<>();
        for (Node x : nodes) {
            n.add(x.name());
        }
        return n;
    }

    /** Each tensor's samples [from, to). */
    static List<Tensor> slice(List<Tensor> ts, int from, int to) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) {
            out.add(t.slice(from, to));
        }
        return out;
    }

    /** The samples order[from .. from+b) of each tensor, batch-major. */
    static float[][] gather(List<Tensor> ts, int[] order, int from, int b) {
        float[][] out = new float[ts.size()][];
        for (int k = 0; k < out.length; k++) {
            Tensor t = ts.get(k);
            int s = t.sampleSize();
            float[] a = new float[b * s];
            for (int i = 0; i < b; i++) {
                System.arraycopy(t.data(), order[from + i] * s, a, i * s, s);
            }
            out[k] = a;
        }
        return out;
    }

    /** Steps [t0, t0 + c) of the samples order[from .. from+b) of each tensor of {@code steps} steps, batch-major. */
    static float[][] gatherSteps(List<Tensor> ts, int steps, int[] order, int from, int b, int t0, int c) {
        float[][] out = new float[ts.size()][];
        for (int k = 0; k < out.length; k++) {
            Tensor t = ts.get(k);
            int s = t.sampleSize(), perStep = s / steps, len = c * perStep;
            float[] a = new float[b * len];
            for (int i = 0; i < b; i++) {
                System.arraycopy(t.data(), order[from + i] * s + t0 * perStep, a, i * len, len);
            }
            out[k] = a;
        }
        return out;
    }

    /** 0, 1, ..., n−1. */
    static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    static int[] withBatch(int n, Shape s) {
        int[] shape = new int[s.rank() + 1];
        shape[0] = n;
        System.arraycopy(s.dims(), 0, shape, 1, s.rank());
        return shape;
    }
}

package dev.recurrent.graph;

import dev.recurrent.layers.LogitOutput;
import dev.recurrent.layers.Shape;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forward and backward passes over a {@link Graph}, batch-major arrays per node.
 *
 * <p>A layer keeps the buffers of its last call only. A layer called more than once (a shared
 * layer) is therefore run again on its earlier call's inputs before that call's backward pass: the
 * same weights and inputs give the same caches (a layer that draws dropout masks draws the same
 * ones again: its generator is set back to its state before that call), and each call's backward
 * adds its part into the shared weights' gradients.
 */
public final class GraphRun {
    private final Graph graph;
    private final float[][] values, grads;
    private final boolean[][] masks;
    private final Shape[] shapes;
    private final Map<Object, Call> lastForward = new IdentityHashMap<>();
    /** The dropout generator's state before each call that draws masks, to draw the same ones again. */
    private final Map<Call, long[]> randomBefore = new IdentityHashMap<>();
    private int batch;
    private boolean training;
    private boolean inputGradients;
    /** See {@link #runInputsOn}; 0: the inputs' own steps. */
    private int inputSteps;

    public GraphRun(Graph graph) {
        this.graph = graph;
        int n = graph.nodeCount();
        values = new float[n][];
        grads = new float[n][];
        masks = new boolean[n][];
        shapes = new Shape[n];
    }

    public Graph graph() {
        return graph;
    }

    /** Whether {@link #backward} also makes the gradients of the model's inputs (for checks); off by default. */
    public void keepInputGradients(boolean on) {
        inputGradients = on;
    }

    /**
     * Runs every input on samples of {@code steps} steps from now on, whatever steps it declares
     * (truncated BPTT's chunks of sequences); 0 sets the inputs back to their own steps.
     */
    public void runInputsOn(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("the inputs' steps must not be negative, got " + steps);
        }
        inputSteps = steps;
    }

    /**
     * The forward pass: {@code inputs[i]} holds {@code batch} samples of input i (any number of steps
     * where the input has {@code None} steps). Returns the outputs, [batch, ...output shape] each,
     * valid until the next call.
     */
    public float[][] forward(float[][] inputs, int batch, boolean training) {
        List<Node> in = graph.inputs();
        if (inputs.length != in.size()) {
            throw new IllegalArgumentException("expected " + in.size() + " inputs " + in + ", got " + inputs.length);
        }
        this.batch = batch;
        this.training = training;
        for (int i = 0; i < inputs.length; i++) {
            Node node = in.get(i);
            int k = graph.indexOf(node);
            shapes[k] = inputShape(node, inputs[i], batch, inputSteps);
            values[k] = inputs[i];
            masks[k] = null;
        }
        lastForward.clear();
        randomBefore.clear();
        for (Call c : graph.calls()) {
            run(c);
        }
        List<Node> out = graph.outputs();
        float[][] result = new float[out.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = values[graph.indexOf(out.get(i))];
        }
        return result;
    }

    private static Shape inputShape(Node node, float[] x, int batch, int steps) {
        if (steps > 0) {
            Shape s = node.shape().withFirst(steps);
            if (x.length != batch * s.size()) {
                throw new IllegalArgumentException(node.name() + ": expected " + batch + " samples of " + steps
                        + " steps of " + node.shapeText() + " (" + batch * s.size() + " values), got " + x.length + " values");
            }
            return s;
        }
        Shape s = node.shape();
        int perStep = s.size() / s.dim(0);
        if (node.variableSteps() && x.length > 0 && x.length % (batch * perStep) == 0) {
            return s.withFirst(x.length / (batch * perStep));
        }
        if (x.length != batch * s.size()) {
            throw new IllegalArgumentException(node.name() + ": expected " + batch + " samples of shape " + node.shapeText()
                    + " (" + batch * s.size() + " values), got " + x.length + " values");
        }
        return s;
    }

    private void run(Call c) {
        List<Node> in = c.inputs();
        Shape[] inShapes = new Shape[in.size()];
        float[][] xs = new float[in.size()][];
        boolean[][] ms = new boolean[in.size()][];
        for (int i = 0; i < xs.length; i++) {
            int k = graph.indexOf(in.get(i));
            inShapes[i] = shapes[k];
            xs[i] = values[k];
            ms[i] = masks[k];
        }
        c.op.inputShapes(inShapes);
        Shape[] outShapes = c.op.prepare(inShapes);
        if (training && c.op.drawsRandomMasks()) {
            randomBefore.putIfAbsent(c, c.op.random().state());
        }
        float[][] ys = c.op.forward(xs, ms, batch, training);
        boolean[][] outMasks = c.op.outputMasks(ms, batch);
        List<Node> out = c.outputs();
        for (int i = 0; i < out.size(); i++) {
            int k = graph.indexOf(out.get(i));
            shapes[k] = outShapes[i];
            values[k] = Arrays.copyOf(ys[i], batch * outShapes[i].size());
            masks[k] = outMasks[i] == null ? null : Arrays.copyOf(outMasks[i], batch * stepsOf(outShapes[i]));
        }
        lastForward.put(c.op.layer(), c);
    }

    private static int stepsOf(Shape s) {
        return s.rank() >= 2 ? s.dim(0) : 1;
    }

    /** Runs an earlier call again, drawing the dropout masks it drew (the generator then left as it was). */
    private void rerun(Call c) {
        long[] saved = randomBefore.get(c);
        if (saved == null) {
            run(c);
            return;
        }
        long[] now = c.op.random().state();
        c.op.random().setState(saved);
        run(c);
        c.op.random().setState(now);
    }

    /** The sample shape of a node of the graph in the last forward pass. */
    public Shape shape(Node node) {
        return shapes[graph.indexOf(node)];
    }

    /** The shape of output i in the last forward pass. */
    public Shape outputShape(int i) {
        return shapes[graph.indexOf(graph.outputs().get(i))];
    }

    /** The mask of output i in the last forward pass, [batch, steps], or null. */
    public boolean[] outputMask(int i) {
        return masks[graph.indexOf(graph.outputs().get(i))];
    }

    /**
     * The backward pass of the last forward: {@code dOutputs[i]} is the gradient of output i (null
     * for none). Adds into the weights' gradients (zero them first).
     */
    public void backward(float[][] dOutputs) {
        backward(dOutputs, new float[dOutputs.length][]);
    }

    /**
     * The layer that makes output i, when a loss may be computed on its logits (see
     * {@link LogitOutput}): a one-input layer called once in the graph, its output used by no other
     * call; else null.
     */
    public LogitOutput logitHead(int i) {
        Node out = graph.outputs().get(i);
        Call c = out.producer();
        if (c == null || !(c.op instanceof LayerOp) || !(c.op.layer() instanceof LogitOutput head)
                || graph.callsByLayer().get(c.op.layer()).size() != 1 || graph.consumers(out) != 0
                || graph.outputs().indexOf(out) != graph.outputs().lastIndexOf(out)) {
            return null;
        }
        return head;
    }

    /**
     * As {@link #backward(float[][])}, where {@code dHeadInputs[i]}, when not null, is the gradient of
     * the input of output i's {@link #logitHead}, whose backward pass is done (its loss was taken on
     * its logits); {@code dOutputs[i]} is then ignored.
     */
    public void backward(float[][] dOutputs, float[][] dHeadInputs) {
        Arrays.fill(grads, null);
        Map<Call, float[]> headDone = new IdentityHashMap<>();
        for (int i = 0; i < dHeadInputs.length; i++) {
            if (dHeadInputs[i] != null) {
                if (logitHead(i) == null) {
                    throw new IllegalArgumentException("output " + i + " is not made by a logit head");
                }
                headDone.put(graph.outputs().get(i).producer(), dHeadInputs[i]);
                dOutputs[i] = null;
            }
        }
        List<Node> out = graph.outputs();
        for (int i = 0; i < out.size(); i++) {
            if (dOutputs[i] != null) {
                accumulate(graph.indexOf(out.get(i)), dOutputs[i]);
            }
        }
        List<Call> calls = graph.calls();
        for (int ci = calls.size() - 1; ci >= 0; ci--) {
            Call c = calls.get(ci);
            List<Node> outs = c.outputs(), ins = c.inputs();
            float[][] dys = new float[outs.size()][];
            Shape[] outShapes = new Shape[outs.size()];
            boolean any = false;
            for (int i = 0; i < dys.length; i++) {
                int k = graph.indexOf(outs.get(i));
                dys[i] = grads[k];
                outShapes[i] = shapes[k];
                any |= dys[i] != null;
            }
            float[] headInput = headDone.get(c);
            if (headInput != null) {
                Node in = ins.get(0);
                if (inputGradients || !in.isInput()) {
                    accumulate(graph.indexOf(in), headInput);
                }
                continue;
            }
            if (!any) {
                continue;
            }
            if (c.op.keepsLastCall() && lastForward.get(c.op.layer()) != c) {
                rerun(c);
            }
            Shape[] inShapes = new Shape[ins.size()];
            float[][] xs = new float[ins.size()][];
            boolean[] wanted = new boolean[ins.size()];
            for (int i = 0; i < xs.length; i++) {
                int k = graph.indexOf(ins.get(i));
                inShapes[i] = shapes[k];
                xs[i] = values[k];
                wanted[i] = inputGradients || !ins.get(i).isInput();
            }
            c.op.inputShapes(inShapes);
            float[][] dxs = c.op.backward(xs, dys, outShapes, batch, wanted);
            for (int i = 0; i < xs.length; i++) {
                if (dxs[i] != null && wanted[i]) {
                    accumulate(graph.indexOf(ins.get(i)), dxs[i]);
                }
            }
        }
    }

    private void accumulate(int k, float[] g) {
        int n = batch * shapes[k].size();
        if (grads[k] == null) {
            grads[k] = Arrays.copyOf(g, n);
        } else {
            float[] a = grads[k];
            for (int i = 0; i < n; i++) {
                a[i] += g[i];
            }
        }
    }

    /** After {@link #backward} with {@link #keepInputGradients}: the gradient of input i, or null if it has none. */
    public float[] inputGradient(int i) {
        return grads[graph.indexOf(graph.inputs().get(i))];
    }
}

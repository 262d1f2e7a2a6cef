package dev.recurrent.model;

import dev.recurrent.graph.Call;
import dev.recurrent.graph.Graph;
import dev.recurrent.graph.GraphRun;
import dev.recurrent.graph.Node;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.Shape;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where truncated BPTT applies to a graph model: every input a sequence of one length, cut into
 * the same chunks; the recurrent calls on those steps each carrying its own states from chunk to
 * chunk. A trial forward pass one step longer shows which nodes follow the inputs' steps. Refused,
 * in one line naming the call or node: a recurrent call on the chunks whose initial states are
 * wired from another node (they are per sequence, not per chunk), or that shares its layer with
 * another call (one layer carries one set of states), or that reads backwards (Bidirectional,
 * go_backwards); an attention call on the chunks (it reads every step of a sequence); outputs of
 * which some follow the steps and some do not; no recurrent call on the steps.
 */
final class GraphChunks {
    private GraphChunks() {
    }

    static ChunkPlan plan(Model model, List<Tensor> xs) {
        Graph graph = model.graph();
        List<Node> inputs = graph.inputs();
        int steps = xs.get(0).sampleShape()[0];
        for (int i = 1; i < xs.size(); i++) {
            int s = xs.get(i).sampleShape()[0];
            if (s != steps) {
                throw new IllegalArgumentException("fit: truncated BPTT needs every input a sequence of one length; input "
                        + inputs.get(0).name() + " has " + steps + " steps, input " + inputs.get(i).name() + " has " + s);
            }
        }
        for (Object layer : graph.layers()) {
            if (layer instanceof Bidirectional bi) {
                throw new IllegalArgumentException("fit: truncated BPTT cannot train " + bi.name() + ": a Bidirectional"
                        + " layer's backward direction reads each sequence from its end, which a chunk does not have yet");
            }
        }
        Map<Node, Shape> longer = trialShapes(model, xs, steps);
        GraphRun run = model.run();
        Map<Object, List<Call>> callsByLayer = graph.callsByLayer();
        List<Recurrent> chunked = new ArrayList<>();
        for (Call c : graph.calls()) {
            boolean onSteps = false;
            for (Node in : c.inputs()) {
                onSteps |= follows(in, longer, run);
            }
            if (!onSteps) {
                continue;
            }
            if (c.isAttention()) {
                throw new IllegalArgumentException("fit: truncated BPTT cannot train " + c + ": attention reads every step"
                        + " of its sequences, which a chunk does not have");
            }
            if (!(c.layer() instanceof Recurrent r) || !follows(c.inputs().get(0), longer, run)) {
                continue;
            }
            if (r.config().goBackwards()) {
                throw new IllegalArgumentException("fit: truncated BPTT cannot train " + c + ": a go_backwards layer reads"
                        + " each sequence from its end, which a chunk does not have yet");
            }
            if (c.inputs().size() > 1) {
                throw new IllegalArgumentException("fit: truncated BPTT cannot train " + c + ": its initial states come from "
                        + c.inputs().get(1).name() + ", once per sequence, but a layer on the chunks carries its own"
                        + " states from chunk to chunk; fit it without tbptt");
            }
            int calls = callsByLayer.get(r).size();
            if (calls > 1) {
                throw new IllegalArgumentException("fit: truncated BPTT cannot train " + c + ": its layer is called " + calls
                        + " times, but a layer on the chunks carries one set of states from chunk to chunk");
            }
            chunked.add(r);
        }
        if (chunked.isEmpty()) {
            throw new IllegalArgumentException("fit: truncated BPTT needs a recurrent layer that reads the inputs' steps;"
                    + " this model has none");
        }
        List<Node> outputs = graph.outputs();
        boolean first = follows(outputs.get(0), longer, run);
        for (Node out : outputs) {
            if (follows(out, longer, run) != first) {
                Node with = first ? outputs.get(0) : out, without = first ? out : outputs.get(0);
                throw new IllegalArgumentException("fit: truncated BPTT needs every output to have the inputs' steps or"
                        + " none to; output " + with.name() + " " + run.shape(with) + " has them, output "
                        + without.name() + " " + run.shape(without) + " does not");
            }
        }
        return new ChunkPlan(steps, first, List.copyOf(chunked));
    }

    /** Whether a node's shape changed with one more input step: it has the inputs' time axis. */
    private static boolean follows(Node node, Map<Node, Shape> longer, GraphRun run) {
        return !longer.get(node).equals(run.shape(node));
    }

    /**
     * The shape of every node with inputs one step longer than the data's (each sample's last step
     * repeated), then runs the graph on the data's steps again so that the later shapes are those.
     * A layer that cannot run on other steps refuses here.
     */
    private static Map<Node, Shape> trialShapes(Model model, List<Tensor> xs, int steps) {
        GraphRun run = model.run();
        float[][] sample = new float[xs.size()][], longer = new float[xs.size()][];
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            int size = x.sampleSize(), perStep = size / steps;
            sample[i] = Arrays.copyOf(x.data(), size);
            longer[i] = Arrays.copyOf(sample[i], size + perStep);
            System.arraycopy(sample[i], size - perStep, longer[i], size, perStep);
        }
        Map<Node, Shape> shapes = new IdentityHashMap<>();
        try {
            run.runInputsOn(steps + 1);
            run.forward(longer, 1, false);
            for (Node in : model.graph().inputs()) {
                shapes.put(in, run.shape(in));
            }
            for (Call c : model.graph().calls()) {
                for (Node out : c.outputs()) {
                    shapes.put(out, run.shape(out));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fit: truncated BPTT cannot cut this model's sequences into chunks: "
                    + e.getMessage(), e);
        } finally {
            run.runInputsOn(0);
            run.forward(sample, 1, false);
        }
        return shapes;
    }
}

package dev.recurrent.onnx;

import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.MaskingMode;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RecurrentConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a recurrent layer, or a Bidirectional one, as one ONNX {@code RNN}, {@code GRU} or
 * {@code LSTM} node ({@code direction = forward} or {@code bidirectional}), with the Transposes
 * between the model's batch-major tensors and the operator's [steps, batch, ...] layout (ONNX
 * Runtime does not run {@code layout = 1}), the merge of the two directions, and the mask
 * ({@link MaskSteps}). A layer with {@code go_backwards} reads its input reversed, as Keras does.
 */
final class RecurrentExporter {
    /** The layer's output tensor [B, T, ·] or [B, ·], and the mask that goes on with it (or null). */
    record Result(String output, String mask) {
    }

    private final OnnxGraph g;
    private final Layer layer;
    private final Recurrent forward, backward;
    private final Bidirectional.Merge merge;
    private final String name;
    /** Per mask tensor: its kept-first step order and its sequence_lens, shared by the layers that read that mask. */
    private final Map<String, String[]> keptSteps;

    RecurrentExporter(OnnxGraph g, Layer layer, Map<String, String[]> keptSteps) {
        this.g = g;
        this.keptSteps = keptSteps;
        this.layer = layer;
        this.name = layer.name();
        if (layer instanceof Bidirectional) {
            Bidirectional b = (Bidirectional) layer;
            this.forward = b.forwardLayer();
            this.backward = b.backwardLayer();
            this.merge = Bidirectional.Merge.valueOf(String.valueOf(b.getConfig().get("merge_mode")).toUpperCase(java.util.Locale.ROOT));
        } else {
            this.forward = (Recurrent) layer;
            this.backward = null;
            this.merge = null;
        }
    }

    Result export(String x, String mask) {
        RecurrentConfig c = forward.config();
        if (c.returnState()) {
            throw OnnxExport.refuse(layer, "return_state has no place in a Sequential graph's single output; export a model without it");
        }
        boolean bidi = backward != null, seq = c.returnSequences();
        if (bidi && c.goBackwards()) {
            throw OnnxExport.refuse(layer, "the wrapped layer has go_backwards = true; ONNX's bidirectional operator reads"
                    + " the forward direction in input order");
        }
        if (mask != null && c.masking() == MaskingMode.DL4J) {
            throw OnnxExport.refuse(layer, "masking_mode 'dl4j' (the states zeroed at a masked step) has no ONNX"
                    + " operator; export the layer with Keras' masking, or without a mask");
        }
        String in = x, m = mask;
        if (!bidi && c.goBackwards()) {
            in = MaskSteps.reverse(g, in, name + "_reversed");
            m = m == null ? null : MaskSteps.reverse(g, m, name + "_mask_reversed");
        }
        String lens = "";
        if (m != null) {
            String maskName = m;
            String[] kept = keptSteps.computeIfAbsent(m, k -> new String[] {
                    MaskSteps.keptFirst(g, maskName, name), MaskSteps.lengths(g, maskName, name)});
            in = MaskSteps.gatherSteps(g, in, kept[0], name + "_kept_first");
            lens = kept[1];
        }
        String xt = g.op("Transpose", name + "_time_major", List.of(in), OnnxGraph.Attr.ints("perm", 1, 0, 2));

        RnnWeights wf = RnnWeights.of(forward), wb = bidi ? RnnWeights.of(backward) : null;
        int nd = bidi ? 2 : 1, gh = wf.gates * wf.units;
        List<String> inputs = new ArrayList<>(List.of(xt,
                g.floats(name + "_W", concat(wf.w, wb == null ? null : wb.w), nd, gh, wf.inputs),
                g.floats(name + "_R", concat(wf.r, wb == null ? null : wb.r), nd, gh, wf.units),
                g.floats(name + "_B", concat(wf.b, wb == null ? null : wb.b), nd, 2L * gh),
                lens));
        if (wf.p != null) {
            inputs.add("");   // initial_h
            inputs.add("");   // initial_c
            inputs.add(g.floats(name + "_P", concat(wf.p, wb == null ? null : wb.p), nd, 3L * wf.units));
        }
        RnnActivations acts = new RnnActivations();
        for (int d = 0; d < nd; d++) {
            acts.add(layer, RnnWeights.functions(forward));
        }
        List<OnnxGraph.Attr> attrs = new ArrayList<>(List.of(acts.attributes()));
        attrs.add(OnnxGraph.Attr.of("hidden_size", (long) wf.units));
        attrs.add(OnnxGraph.Attr.of("direction", bidi ? "bidirectional" : "forward"));
        if (wf.op.equals("GRU")) {
            attrs.add(OnnxGraph.Attr.of("linear_before_reset", wf.linearBeforeReset ? 1L : 0L));
        }
        String y = seq ? g.name(name + "_Y") : "", yh = g.name(name + "_Y_h");
        g.node(wf.op, inputs, List.of(y, yh), attrs.toArray(new OnnxGraph.Attr[0]));

        if (!seq) {
            String last = g.op("Transpose", name + "_last", List.of(yh), OnnxGraph.Attr.ints("perm", 1, 0, 2));
            return new Result(merged(last, 1, false), null);
        }
        String steps = g.op("Transpose", name + "_steps", List.of(y), OnnxGraph.Attr.ints("perm", 2, 0, 1, 3));
        if (m != null) {
            // Keras' output at every step: zero at masked steps in a Bidirectional or with
            // zero_output_for_mask, else the last kept step's output (zero before the first)
            steps = MaskSteps.spread(g, steps, m, bidi || c.zeroOutputForMask(), name);
        }
        return new Result(merged(steps, 2, true), mask);
    }

    /** [B, (T,) nd, H] to [B, (T,) H or 2H]: the Bidirectional merge along the directions' axis. */
    private String merged(String y, int axis, boolean seq) {
        if (backward == null || merge == Bidirectional.Merge.CONCAT) {
            long[] shape = seq ? new long[] {0, 0, -1} : new long[] {0, -1};
            return g.op("Reshape", name, List.of(y, g.longs(name + "_shape", shape)));
        }
        String f = g.op("Gather", name + "_forward", List.of(y, g.longScalar("direction_0", 0)), OnnxGraph.Attr.of("axis", (long) axis));
        String b = g.op("Gather", name + "_backward", List.of(y, g.longScalar("direction_1", 1)), OnnxGraph.Attr.of("axis", (long) axis));
        switch (merge) {
            case SUM:
                return g.op("Add", name, List.of(f, b));
            case MUL:
                return g.op("Mul", name, List.of(f, b));
            default:
                String sum = g.op("Add", name + "_sum", List.of(f, b));
                return g.op("Mul", name, List.of(sum, g.floatScalar("half", 0.5f)));
        }
    }

    private static float[] concat(float[] a, float[] b) {
        if (b == null) {
            return a;
        }
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

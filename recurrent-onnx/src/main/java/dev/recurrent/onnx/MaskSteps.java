package dev.recurrent.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;

import java.util.List;

/**
 * A Keras mask, wherever its masked steps are, as ONNX's {@code sequence_lens}: masked steps leave
 * the states as they were, so a recurrent layer's states are those of the same layer run over the
 * kept steps alone, in order. The kept steps of each sample are moved to the front (a stable sort
 * of the step indices by "masked", with TopK), the operator runs with {@code sequence_lens} = the
 * number of kept steps, and a sequence output is spread back to the original steps. Exact for any
 * mask, not only for padding at the end.
 *
 * <p>Masks here are float tensors [B, T], 1 at kept steps and 0 at masked ones.
 */
final class MaskSteps {
    private MaskSteps() {
    }

    /** [B, T] int64: for each sample, the kept steps' indices in order, then the masked steps'. */
    static String keptFirst(OnnxGraph g, String mask, String base) {
        String steps = g.op("Gather", base + "_steps_count",
                List.of(g.op("Shape", base + "_mask_shape", List.of(mask)), g.longScalar("axis_1", 1)), OnnxGraph.Attr.of("axis", 0L));
        String stepsF = g.op("Cast", base + "_steps_float", List.of(steps), OnnxGraph.Attr.of("to", (long) TensorProto.DataType.FLOAT_VALUE));
        String index = g.op("Range", base + "_step_index", List.of(g.floatScalar("zero", 0f), stepsF, g.floatScalar("one", 1f)));
        // key t for a kept step, T + t for a masked one: all distinct, so the sort is stable
        String masked = g.op("Sub", base + "_masked", List.of(g.floatScalar("one", 1f), mask));
        String key = g.op("Add", base + "_sort_key",
                List.of(g.op("Mul", base + "_masked_offset", List.of(masked, stepsF)), index));
        String k = g.op("Unsqueeze", base + "_steps_k", List.of(steps, g.longs("axes", 0)));
        String order = g.name(base + "_kept_first_order");
        g.node("TopK", List.of(key, k), List.of(g.name(base + "_sorted_keys"), order),
                OnnxGraph.Attr.of("axis", 1L), OnnxGraph.Attr.of("largest", 0L), OnnxGraph.Attr.of("sorted", 1L));
        return order;
    }

    /** x [B, T, F] with its steps taken in {@code order} [B, T] (per sample). */
    static String gatherSteps(OnnxGraph g, String x, String order, String base) {
        String index = g.op("Unsqueeze", base + "_index", List.of(order, g.longs("axes", 2)));
        String full = g.op("Expand", base + "_index_full", List.of(index, g.op("Shape", base + "_shape", List.of(x))));
        return g.op("GatherElements", base, List.of(x, full), OnnxGraph.Attr.of("axis", 1L));
    }

    /** [B] int32: the number of kept steps of each sample. */
    static String lengths(OnnxGraph g, String mask, String base) {
        String sum = g.op("ReduceSum", base + "_kept_steps", List.of(mask, g.longs("axes", 1)), OnnxGraph.Attr.of("keepdims", 0L));
        return g.op("Cast", base + "_sequence_lens", List.of(sum), OnnxGraph.Attr.of("to", (long) TensorProto.DataType.INT32_VALUE));
    }

    /**
     * The operator's output y [B, T, nd, H] over the kept-first steps, back at the original steps:
     * step t takes the output of the last kept step up to t. Masked steps are then 0 with
     * {@code zeroMasked}, else they repeat that output (0 before the first kept step), as Keras does.
     */
    static String spread(OnnxGraph g, String y, String mask, boolean zeroMasked, String base) {
        String kept = g.op("CumSum", base + "_kept_so_far", List.of(mask, g.longScalar("axis_1", 1)));
        String last = g.op("Max", base + "_last_kept", List.of(
                g.op("Sub", base + "_last_kept_raw", List.of(kept, g.floatScalar("one", 1f))), g.floatScalar("zero", 0f)));
        String at = g.op("Cast", base + "_source_step", List.of(last), OnnxGraph.Attr.of("to", (long) TensorProto.DataType.INT64_VALUE));
        String index = g.op("Unsqueeze", base + "_source_index", List.of(at, g.longs("axes", 2, 3)));
        String full = g.op("Expand", base + "_source_full", List.of(index, g.op("Shape", base + "_y_shape", List.of(y))));
        String spread = g.op("GatherElements", base + "_spread", List.of(y, full), OnnxGraph.Attr.of("axis", 1L));
        String keep = zeroMasked ? mask
                : g.op("Cast", base + "_started", List.of(g.op("Greater", base + "_any_kept", List.of(kept, g.floatScalar("zero", 0f)))),
                        OnnxGraph.Attr.of("to", (long) TensorProto.DataType.FLOAT_VALUE));
        String factor = g.op("Unsqueeze", base + "_keep_factor", List.of(keep, g.longs("axes", 2, 3)));
        return g.op("Mul", base + "_spread_kept", List.of(spread, factor));
    }

    /** x reversed along axis 1 (the steps). */
    static String reverse(OnnxGraph g, String x, String base) {
        return g.op("Slice", base, List.of(x, g.longs("starts", -1), g.longs("ends", Long.MIN_VALUE),
                g.longs("axes", 1), g.longs("steps", -1)));
    }
}

package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gradient norms in the history (before and after clipping) and the per-step recorder during fit. */
class GradientFlowTrainingTest {

    private static Sequential model(dev.recurrent.optim.Optimizer opt) {
        return new Sequential().input(4, 2).seed(3).add(LSTM.builder(4).returnSequences(true).build())
                .add(GRU.of(3)).add(Dense.of(1)).compile(opt, new MeanSquaredError());
    }

    @Test
    void clippingKeepsTheGlobalNormAtOrBelowTheThreshold() {
        Tensor[] d = CallbacksTest.data(40, 1);
        double clip = 0.05;
        Sequential m = model(SGD.builder().learningRate(0.1).globalClipnorm(clip).build());
        History h = m.fit(d[0], d[1], FitOptions.defaults().epochs(3).batchSize(8).recordGradientNorms(true));
        List<Double> before = h.batchValues("grad_norm"), after = h.batchValues("grad_norm_clipped");
        assertEquals(15, before.size());
        assertEquals(15, after.size());
        boolean clipped = false;
        for (int i = 0; i < before.size(); i++) {
            assertTrue(after.get(i) <= clip * (1 + 1e-6), "batch " + i + ": " + after.get(i));
            assertEquals(Math.min(before.get(i), clip), after.get(i), clip * 1e-5);
            clipped |= before.get(i) > clip;
        }
        assertTrue(clipped, "the test needs some norms above the threshold: " + before);
        assertTrue(h.last("grad_norm_clipped_max") <= clip * (1 + 1e-6));
        assertEquals(before.subList(10, 15).stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                h.last("grad_norm"), 1e-12);
        assertTrue(h.keys().containsAll(List.of("grad_norm", "grad_norm_max", "grad_norm_clipped", "grad_norm_clipped_max")));
    }

    @Test
    void withoutClippingBothNormsAgree() {
        Tensor[] d = CallbacksTest.data(16, 2);
        History h = model(new SGD(0.05)).fit(d[0], d[1],
                FitOptions.defaults().epochs(1).batchSize(8).recordGradientNorms(true));
        assertEquals(h.batchValues("grad_norm"), h.batchValues("grad_norm_clipped"));
        History off = model(new SGD(0.05)).fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(8));
        assertFalse(off.keys().contains("grad_norm"));
        assertTrue(off.batchValues("grad_norm").isEmpty());
    }

    @Test
    void recordingChangesNoResult() {
        Tensor[] d = CallbacksTest.data(24, 3);
        Sequential a = model(new SGD(0.1)), b = model(new SGD(0.1));
        History ha = a.fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(8));
        GradientFlowRecorder rec = GradientFlowRecorder.perEpoch();
        History hb = b.fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(8).recordGradientNorms(true).callbacks(rec));
        assertEquals(ha.get("loss"), hb.get("loss"));
        for (int i = 0; i < a.getWeights().size(); i++) {
            assertArrayEquals(a.getWeights().get(i), b.getWeights().get(i));
        }
        // per epoch, one entry per recurrent layer, [T] norms, cell norms for the LSTM only
        assertEquals(4, rec.entries().size());
        String lstm = a.layers().get(0).name(), gru = a.layers().get(1).name();
        GradientFlowRecorder.Entry e = rec.last(lstm);
        assertEquals(1, e.epoch());
        assertEquals(-1, e.batch());
        assertEquals(4, e.hiddenNorms().length);
        assertEquals(4, e.cellNorms().length);
        assertNull(rec.last(gru).cellNorms());
        for (double v : e.hiddenNorms()) {
            assertTrue(v > 0 && Double.isFinite(v));
        }
        // the recording is switched off after training
        assertFalse(((dev.recurrent.layers.Recurrent) b.layers().get(0)).recordsStepGradientNorms());

        GradientFlowRecorder every = GradientFlowRecorder.everyBatches(2);
        model(new SGD(0.1)).fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(8).callbacks(every));
        assertEquals(List.of(0, 2), every.entries(lstm).stream().map(GradientFlowRecorder.Entry::batch).toList());
    }
}

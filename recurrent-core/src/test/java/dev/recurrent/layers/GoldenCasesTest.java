package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every golden case (src/test/resources/golden, or -Dgolden.dir=DIR) through the matching layer in
 * float32, with every kernel implementation present, and checks y, h_last, c_last and every grad_*
 * within 1e-4 relative: max |actual − expected| / max |expected|.
 */
class GoldenCasesTest {
    static final double TOLERANCE = 1e-4;

    @TestFactory
    List<DynamicTest> everyCaseMatchesTheReference() {
        List<GoldenCase> cases = GoldenCase.loadAll(GoldenCase.directory());
        Map<String, Kernels> kernels = new LinkedHashMap<>();
        kernels.put("scalar", KernelsProvider.scalar());
        KernelsProvider.vector().ifPresent(v -> kernels.put("vector", v));
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenCase c : cases) {
            for (Map.Entry<String, Kernels> k : kernels.entrySet()) {
                tests.add(DynamicTest.dynamicTest(c.name() + " [" + k.getKey() + "]", () -> check(c, k.getValue())));
            }
        }
        return tests;
    }

    static Recurrent layerFor(GoldenCase c) {
        switch (c.cell()) {
            case "lstm":
                return LSTM.builder(c.units()).returnSequences(true).returnState(true).build();
            case "gru":
                if (!c.resetAfter()) {
                    fail(c.name() + ": only reset_after = true GRU cases are supported");
                }
                return GRU.builder(c.units()).returnSequences(true).returnState(true).build();
            case "simple_rnn":
                return SimpleRNN.builder(c.units()).returnSequences(true).returnState(true).build();
            default:
                throw new AssertionError(c.name() + ": unknown cell '" + c.cell() + "'");
        }
    }

    static void check(GoldenCase c, Kernels kernels) {
        Recurrent layer = layerFor(c).withKernels(kernels);
        layer.build(c.input());
        layer.setWeights(c.f32("kernel"), c.f32("recurrent_kernel"), c.f32("bias"));
        int bh = c.batch() * c.units();
        boolean lstm = layer.stateCount() == 2;
        float[] h0 = c.has("h0") ? c.f32("h0") : new float[bh];
        float[][] init = lstm ? new float[][] {h0, c.has("c0") ? c.f32("c0") : new float[bh]} : new float[][] {h0};

        float[] y = layer.forward(c.f32("x"), c.batch(), c.steps(), c.input(), null, init, false).clone();
        float[][] last = layer.finalStates();
        layer.zeroGrad();
        float[] dx = layer.backward(c.f32("dy")).clone();
        float[][] dInit = layer.initialStateGradients();
        List<Parameter> p = layer.parameters();

        List<String> failures = new ArrayList<>();
        compare(c, "y", y, failures);
        compare(c, "h_last", last[0], failures);
        if (lstm) {
            compare(c, "c_last", last[1], failures);
        }
        compare(c, "grad_x", dx, failures);
        compare(c, "grad_kernel", p.get(0).grad(), failures);
        compare(c, "grad_recurrent_kernel", p.get(1).grad(), failures);
        compare(c, "grad_bias", p.get(2).grad(), failures);
        compare(c, "grad_h0", dInit[0], failures);
        if (lstm) {
            compare(c, "grad_c0", dInit[1], failures);
        }
        if (!failures.isEmpty()) {
            fail(c.name() + " with " + kernels.name() + " kernels:\n  " + String.join("\n  ", failures));
        }
    }

    private static void compare(GoldenCase c, String tensor, float[] actual, List<String> failures) {
        if (!c.has(tensor)) {
            failures.add(tensor + ": missing from the case");
            return;
        }
        double[] expected = c.f64(tensor);
        assertEquals(expected.length, actual.length, c.name() + ": " + tensor + " size");
        double maxErr = 0, maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        double rel = maxRef == 0 ? maxErr : maxErr / maxRef;
        if (!(rel <= TOLERANCE)) {
            failures.add(String.format("%s: relative error %.3g > %.0e (max abs error %.3g, max abs expected %.3g)",
                    tensor, rel, TOLERANCE, maxErr, maxRef));
        }
    }
}

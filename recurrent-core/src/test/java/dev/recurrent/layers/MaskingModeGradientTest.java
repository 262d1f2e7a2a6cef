package dev.recurrent.layers;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.regularizers.Regularizers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.recurrent.layers.RecurrentGradientTest.B;
import static dev.recurrent.layers.RecurrentGradientTest.H;
import static dev.recurrent.layers.RecurrentGradientTest.I;
import static dev.recurrent.layers.RecurrentGradientTest.T;
import static dev.recurrent.layers.RecurrentGradientTest.builder;
import static dev.recurrent.layers.RecurrentGradientTest.dot;
import static dev.recurrent.layers.RecurrentGradientTest.gaussian;
import static dev.recurrent.layers.RecurrentGradientTest.states;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deeplearning4j's masking mode and the activity regularizer of a recurrent layer: finite-difference
 * checks of every gradient under the scalar kernels and the default ones (the Vector API's where
 * present), and the DL4J forward pass against its definition (zeros at a masked step, and a fresh
 * start from zero states after it).
 */
class MaskingModeGradientTest {
    private static final List<String> CELLS = List.of("simple_rnn", "lstm", "gru", "peephole_lstm", "cifg_lstm",
            "gru_reset_before");

    /** An option set of this test. */
    record Setup(String label, java.util.function.UnaryOperator<RecurrentConfig.Builder<? extends Recurrent>> options,
                 boolean masked, boolean initialState) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> cases() {
        List<Setup> setups = List.of(
                new Setup("dl4j, sequences", o -> o.returnSequences(true).masking(MaskingMode.DL4J), true, true),
                new Setup("dl4j, last step", o -> o.masking(MaskingMode.DL4J), true, false),
                new Setup("dl4j, backwards, state", o -> o.returnSequences(true).returnState(true).goBackwards(true)
                        .masking(MaskingMode.DL4J), true, true),
                new Setup("activity l1_l2, sequences, masked", o -> o.returnSequences(true)
                        .activityRegularizer(Regularizers.l1L2(0.05, 0.2)), true, false),
                new Setup("activity l2, last step, zero output", o -> o.zeroOutputForMask(true)
                        .activityRegularizer(Regularizers.l2(0.3)), true, true));
        List<Arguments> args = new ArrayList<>();
        for (String kernels : List.of("scalar", "default")) {
            for (String cell : CELLS) {
                for (Setup s : setups) {
                    args.add(Arguments.of(kernels, cell, s));
                }
            }
        }
        return args.stream();
    }

    private static Kernels kernels(String which) {
        return which.equals("scalar") ? KernelsProvider.scalar() : KernelsProvider.get();
    }

    private static Recurrent layer(String kernels, String cell, Setup setup, Random rnd) {
        Recurrent layer = setup.options().apply(builder(cell).seed(7)).build().withKernels(kernels(kernels));
        layer.build(I);
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = (float) (rnd.nextGaussian() * 0.5);
            }
        }
        return layer;
    }

    /** Sample 0 unmasked, sample 1 padded at the end, sample 2 with a hole at step 2. */
    private static boolean[] mask() {
        boolean[] m = new boolean[B * T];
        Arrays.fill(m, true);
        m[2 * T - 1] = false;
        m[2 * T - 2] = false;
        m[2 * T + 2] = false;
        return m;
    }

    @ParameterizedTest(name = "{0} kernels, {1}: {2}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(String kernels, String cell, Setup setup) {
        Random rnd = new Random(99 + cell.hashCode() + setup.label().hashCode());
        Recurrent layer = layer(kernels, cell, setup, rnd);
        float[] x = gaussian(rnd, B * T * I);
        boolean[] mask = setup.masked() ? mask() : null;
        float[][] init = setup.initialState() ? states(rnd, layer.stateCount()) : null;
        boolean returnState = layer.config().returnState();
        int outSize = layer.config().returnSequences() ? B * T * H : B * H;
        float[] r = gaussian(rnd, outSize);
        float[][] s = states(rnd, layer.stateCount());
        java.util.function.DoubleSupplier loss = () -> {
            float[] y = layer.forward(x, B, T, I, mask, init, false);
            double l = dot(y, r) + layer.activityLoss();
            if (returnState) {
                float[][] fin = layer.finalStates();
                for (int k = 0; k < fin.length; k++) {
                    l += dot(fin[k], s[k]);
                }
            }
            return l;
        };

        loss.getAsDouble();
        layer.zeroGrad();
        float[] dx = layer.backward(r, returnState ? s : null).clone();
        float[][] dInit = layer.initialStateGradients();

        List<String> bad = new ArrayList<>(FiniteDifferences.check("x", x, dx, loss));
        for (Parameter p : layer.parameters()) {
            bad.addAll(FiniteDifferences.check(p.name(), p.value(), p.grad().clone(), loss));
        }
        if (init != null) {
            for (int k = 0; k < init.length; k++) {
                bad.addAll(FiniteDifferences.check(k == 0 ? "h0" : "c0", init[k], dInit[k].clone(), loss));
            }
        }
        assertTrue(bad.isEmpty(), cell + " / " + setup + ": " + bad.size() + " gradient(s) off:\n" + String.join("\n", bad));
    }

    static Stream<Arguments> cellsAndKernels() {
        List<Arguments> args = new ArrayList<>();
        for (String kernels : List.of("scalar", "default")) {
            for (String cell : CELLS) {
                args.add(Arguments.of(kernels, cell));
            }
        }
        return args.stream();
    }

    /**
     * DL4J: a masked step outputs zeros and the steps after it are those of a fresh run from zero
     * states on the rest of the sequence; unmasked samples are as in Keras' mode.
     */
    @ParameterizedTest(name = "{0} kernels, {1}")
    @MethodSource("cellsAndKernels")
    void dl4jMaskingRestartsFromZeroStatesAfterAMaskedStep(String kernels, String cell) {
        Setup dl4j = new Setup("dl4j", o -> o.returnSequences(true).masking(MaskingMode.DL4J), true, false);
        Random rnd = new Random(5);
        Recurrent layer = layer(kernels, cell, dl4j, rnd);
        Recurrent keras = builder(cell).returnSequences(true).build().withKernels(kernels(kernels));
        keras.build(I);
        for (int k = 0; k < layer.parameters().size(); k++) {
            System.arraycopy(layer.parameters().get(k).value(), 0, keras.parameters().get(k).value(), 0,
                    layer.parameters().get(k).size());
        }
        float[] x = gaussian(rnd, B * T * I);
        boolean[] mask = mask();
        float[] y = layer.forward(x, B, T, I, mask, null, false).clone();
        float[] yKeras = keras.forward(x, B, T, I, mask, null, false);

        // sample 0 (no masked step) as in Keras' mode; masked steps are zeros
        assertArrayEquals(Arrays.copyOfRange(yKeras, 0, T * H), Arrays.copyOfRange(y, 0, T * H), 1e-6f);
        for (int[] bt : new int[][] {{1, T - 2}, {1, T - 1}, {2, 2}}) {
            for (int j = 0; j < H; j++) {
                assertEquals(0f, y[(bt[0] * T + bt[1]) * H + j], "output at sample " + bt[0] + ", step " + bt[1]);
            }
        }
        // sample 2 after its hole at step 2: a fresh run from zero states over steps 3..T-1
        int rest = T - 3;
        float[] tail = Arrays.copyOfRange(x, (2 * T + 3) * I, 3 * T * I);
        float[] fresh = keras.forward(tail, 1, rest, I, null, null, false);
        assertArrayEquals(Arrays.copyOfRange(fresh, 0, rest * H), Arrays.copyOfRange(y, (2 * T + 3) * H, 3 * T * H), 1e-6f);
        // and its steps before the hole as in Keras' mode
        assertArrayEquals(Arrays.copyOfRange(yKeras, 2 * T * H, (2 * T + 2) * H),
                Arrays.copyOfRange(y, 2 * T * H, (2 * T + 2) * H), 1e-6f);
    }
}

package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.KernelsProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference checks of every gradient a recurrent layer returns (input, weights, initial
 * states) for each cell and each option that changes the backward pass. The loss is
 * {@code L = Σ y ⊙ R (+ Σ states ⊙ S with returnState)} with fixed random R and S.
 */
class RecurrentGradientTest {
    static final int B = 3, T = 5, I = 4, H = 3;

    /** One option set: what to build and how to call it. */
    record Setup(String label, Function<RecurrentConfig.Builder<? extends Recurrent>, RecurrentConfig.Builder<? extends Recurrent>> options,
                 boolean masked, boolean initialState, boolean training) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> cases() {
        List<Setup> setups = List.of(
                new Setup("sequences", o -> o.returnSequences(true), false, false, false),
                new Setup("last step", o -> o, false, false, false),
                new Setup("masked", o -> o.returnSequences(true), true, false, false),
                new Setup("masked, last step", o -> o, true, false, false),
                new Setup("goBackwards", o -> o.returnSequences(true).goBackwards(true), false, false, false),
                new Setup("goBackwards, masked", o -> o.goBackwards(true), true, true, false),
                new Setup("initial state", o -> o.returnSequences(true), false, true, false),
                new Setup("returnState", o -> o.returnState(true), false, true, false),
                new Setup("returnState, sequences, masked", o -> o.returnSequences(true).returnState(true), true, true, false),
                new Setup("other activations", o -> o.returnSequences(true).activation(Activation.SIGMOID)
                        .recurrentActivation(Activation.TANH), false, true, false),
                new Setup("dropout", o -> o.returnSequences(true).dropout(0.3f), false, true, true),
                new Setup("recurrent dropout", o -> o.returnSequences(true).recurrentDropout(0.3f), false, true, true),
                new Setup("both dropouts, masked", o -> o.returnState(true).dropout(0.25f).recurrentDropout(0.25f), true, true, true),
                new Setup("no bias", o -> o.returnSequences(true).useBias(false), true, true, false),
                new Setup("zero output for mask", o -> o.returnSequences(true).zeroOutputForMask(true), true, true, false),
                new Setup("zero output for mask, backwards, state", o -> o.returnSequences(true).returnState(true)
                        .goBackwards(true).zeroOutputForMask(true).useBias(false), true, true, false));
        List<Arguments> args = new ArrayList<>();
        for (String cell : List.of("simple_rnn", "lstm", "gru", "peephole_lstm", "cifg_lstm", "gru_reset_before",
                "mgu", "layer_norm_lstm", "layer_norm_gru")) {
            for (Setup s : setups) {
                args.add(Arguments.of(cell, s));
            }
        }
        return args.stream();
    }

    static RecurrentConfig.Builder<? extends Recurrent> builder(String cell) {
        switch (cell) {
            case "lstm":
                return LSTM.builder(H);
            case "gru":
                return GRU.builder(H);
            case "peephole_lstm":
                return PeepholeLSTM.builder(H);
            case "cifg_lstm":
                return CifgLSTM.builder(H);
            case "gru_reset_before":
                return GRU.builder(H).resetAfter(false);
            case "mgu":
                return MGU.builder(H);
            case "layer_norm_lstm":
                return LayerNormLSTM.builder(H);
            case "layer_norm_gru":
                return LayerNormGRU.builder(H);
            default:
                return SimpleRNN.builder(H);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(String cell, Setup setup) {
        Random rnd = new Random(42 + cell.hashCode() + setup.label().hashCode());
        Recurrent layer = setup.options().apply(builder(cell).seed(7)).build().withKernels(KernelsProvider.scalar());
        layer.build(I);
        // larger-than-default weights so that every path carries signal
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = (float) (rnd.nextGaussian() * 0.5);
            }
        }
        float[] x = gaussian(rnd, B * T * I);
        boolean[] mask = setup.masked() ? mask(rnd) : null;
        float[][] init = setup.initialState() ? states(rnd, layer.stateCount()) : null;
        boolean returnState = layer.config().returnState();
        int outSize = layer.config().returnSequences() ? B * T * H : B * H;
        float[] r = gaussian(rnd, outSize);
        float[][] s = states(rnd, layer.stateCount());

        // every forward call draws its dropout masks from the same generator state: finite differences need them fixed
        long[] masksFrom = layer.random().state();
        java.util.function.DoubleSupplier loss = () -> {
            layer.random().setState(masksFrom);
            float[] y = layer.forward(x, B, T, I, mask, init, setup.training());
            double l = dot(y, r);
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

    static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    static float[][] states(Random rnd, int count) {
        float[][] s = new float[count][];
        for (int k = 0; k < count; k++) {
            s[k] = gaussian(rnd, B * H);
        }
        return s;
    }

    /** Sample 0 unmasked, sample 1 padded at the end, sample 2 with a hole in the middle. */
    static boolean[] mask(Random rnd) {
        boolean[] m = new boolean[B * T];
        java.util.Arrays.fill(m, true);
        m[T + T - 1] = false;
        m[T + T - 2] = false;
        m[2 * T + 2] = false;
        return m;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}

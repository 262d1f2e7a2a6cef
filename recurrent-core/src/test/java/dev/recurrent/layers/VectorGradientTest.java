package dev.recurrent.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finite-difference checks of the cells whose vector step kernels are their own (the layer-normalised
 * LSTM and GRU, the minimal gated unit) under the vector kernels, with more units than a vector has
 * lanes, so that both the vector bodies and the scalar tails compute. {@link RecurrentGradientTest}
 * checks every cell and option under the scalar kernels, with fewer units than a vector's lanes.
 */
class VectorGradientTest {
    static final int B = 2, T = 3, I = 4, H = 19;

    @ParameterizedTest
    @ValueSource(strings = {"layer_norm_lstm", "layer_norm_gru", "mgu"})
    void gradientsMatchFiniteDifferences(String cell) {
        Kernels vector = KernelsProvider.vector().orElse(null);
        assumeTrue(vector != null, "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
        Random rnd = new Random(5 + cell.hashCode());
        Recurrent layer = builder(cell).returnSequences(true).seed(3).build().withKernels(vector);
        layer.build(I);
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = (float) (rnd.nextGaussian() * 0.5);
            }
        }
        float[] x = RecurrentGradientTest.gaussian(rnd, B * T * I), r = RecurrentGradientTest.gaussian(rnd, B * T * H);
        boolean[] mask = {true, true, true, true, false, true};
        java.util.function.DoubleSupplier loss = () -> RecurrentGradientTest.dot(layer.forward(x, B, T, I, mask, null, false), r);

        loss.getAsDouble();
        layer.zeroGrad();
        float[] dx = layer.backward(r).clone();
        List<String> bad = new ArrayList<>(FiniteDifferences.check("x", x, dx, loss));
        for (Parameter p : layer.parameters()) {
            bad.addAll(FiniteDifferences.check(p.name(), p.value(), p.grad().clone(), loss));
        }
        assertTrue(bad.isEmpty(), cell + ": " + bad.size() + " gradient(s) off:\n" + String.join("\n", bad));
    }

    private static RecurrentConfig.Builder<? extends Recurrent> builder(String cell) {
        switch (cell) {
            case "layer_norm_lstm":
                return LayerNormLSTM.builder(H, 1e-3f);
            case "layer_norm_gru":
                return LayerNormGRU.builder(H, 1e-5f);
            default:
                return MGU.builder(H);
        }
    }
}

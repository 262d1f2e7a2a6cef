package dev.recurrent.layers;

import dev.recurrent.kernels.KernelsProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProjectedLSTM}: finite-difference checks of every gradient under the options that change its
 * backward pass, both kernels against each other, and a stateful layer carrying its states.
 */
class ProjectedLstmTest {
    static final int B = 3, T = 5, I = 4, H = 3, P = 2;

    static ProjectedLSTM randomized(RecurrentConfig.Builder<ProjectedLSTM> builder, Random rnd) {
        ProjectedLSTM layer = builder.seed(7).build().withKernels(KernelsProvider.scalar());
        layer.build(I);
        for (Parameter p : layer.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = (float) (rnd.nextGaussian() * 0.5);
            }
        }
        return layer;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequences", "last step", "masked", "goBackwards", "dropouts", "no bias"})
    void gradientsMatchFiniteDifferences(String setup) {
        Random rnd = new Random(setup.hashCode());
        RecurrentConfig.Builder<ProjectedLSTM> b = ProjectedLSTM.builder(H, P).returnSequences(!setup.equals("last step"));
        switch (setup) {
            case "goBackwards" -> b.goBackwards(true);
            case "dropouts" -> b.dropout(0.3f).recurrentDropout(0.3f);
            case "no bias" -> b.useBias(false);
            default -> {
            }
        }
        ProjectedLSTM layer = randomized(b, rnd);
        boolean training = setup.equals("dropouts");
        boolean[] mask = setup.equals("masked") ? RecurrentGradientTest.mask(rnd) : null;
        float[] x = RecurrentGradientTest.gaussian(rnd, B * T * I);
        float[] r = RecurrentGradientTest.gaussian(rnd, (layer.config().returnSequences() ? B * T : B) * P);
        long[] masksFrom = layer.random().state();
        java.util.function.DoubleSupplier loss = () -> {
            layer.random().setState(masksFrom);
            return RecurrentGradientTest.dot(layer.forward(x, B, T, I, mask, training), r);
        };
        loss.getAsDouble();
        layer.zeroGrad();
        float[] dx = layer.backward(r).clone();
        List<String> bad = new ArrayList<>(FiniteDifferences.check("x", x, dx, loss));
        for (Parameter p : layer.parameters()) {
            bad.addAll(FiniteDifferences.check(p.name(), p.value(), p.grad().clone(), loss));
        }
        assertTrue(bad.isEmpty(), setup + ": " + String.join("\n", bad));
    }

    @Test
    void bothKernelsAgree() {
        Random rnd = new Random(3);
        ProjectedLSTM scalar = randomized(ProjectedLSTM.builder(H, P).returnSequences(true), rnd);
        ProjectedLSTM other = ProjectedLSTM.builder(H, P).returnSequences(true).build().withKernels(KernelsProvider.get());
        other.build(I);
        List<Parameter> ps = scalar.parameters();
        other.setWeights(ps.get(0).value(), ps.get(1).value(), ps.get(2).value(), ps.get(3).value());
        float[] x = RecurrentGradientTest.gaussian(rnd, B * T * I), dy = RecurrentGradientTest.gaussian(rnd, B * T * P);
        assertArrayEquals(scalar.forward(x, B, T, I).clone(), other.forward(x, B, T, I), 1e-5f);
        scalar.zeroGrad();
        other.zeroGrad();
        assertArrayEquals(scalar.backward(dy), other.backward(dy), 1e-5f);
        for (int k = 0; k < ps.size(); k++) {
            assertArrayEquals(ps.get(k).grad(), other.parameters().get(k).grad(), 1e-4f, ps.get(k).name());
        }
    }

    @Test
    void aStatefulLayerCarriesItsStatesAcrossCalls() {
        Random rnd = new Random(4);
        ProjectedLSTM whole = randomized(ProjectedLSTM.builder(H, P).returnSequences(true), rnd);
        ProjectedLSTM halves = ProjectedLSTM.builder(H, P).returnSequences(true).stateful(true).build()
                .withKernels(KernelsProvider.scalar());
        halves.build(I);
        List<Parameter> ps = whole.parameters();
        halves.setWeights(ps.get(0).value(), ps.get(1).value(), ps.get(2).value(), ps.get(3).value());
        float[] x = RecurrentGradientTest.gaussian(rnd, B * T * I);
        float[] y = whole.forward(x, B, T, I).clone();
        float[] first = halves.forward(RecurrentTestSupport.sliceTime(x, B, T, I, 0, 2), B, 2, I).clone();
        float[] second = halves.forward(RecurrentTestSupport.sliceTime(x, B, T, I, 2, T), B, T - 2, I).clone();
        assertArrayEquals(y, RecurrentTestSupport.concatTime(first, 2, second, T - 2, B, P), 1e-6f);
        assertArrayEquals(whole.finalStates()[0], halves.finalStates()[0], 1e-6f);
        assertArrayEquals(whole.finalStates()[1], halves.finalStates()[1], 1e-6f);
        halves.resetStates();
        assertArrayEquals(first, halves.forward(RecurrentTestSupport.sliceTime(x, B, T, I, 0, 2), B, 2, I), 1e-6f);
    }

    @Test
    void wrongWeightsAndCallsAreRefused() {
        ProjectedLSTM layer = ProjectedLSTM.of(H, P);
        assertThrows(IllegalStateException.class, () -> layer.setWeights(null, null, null, null));
        layer.build(I);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.setWeights(new float[I * 4 * H], new float[H * 4 * H], new float[4 * H], new float[H * P]));
        assertTrue(e.getMessage().contains("recurrent_kernel"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ProjectedLSTM.of(H, P).backward(new float[1]));
        layer.forward(new float[B * T * I], B, T, I);
        e = assertThrows(IllegalArgumentException.class, () -> layer.backward(new float[3]));
        assertTrue(e.getMessage().contains("expected a gradient of " + B * P), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tokenIdsGiveTheOutputOfTheEmbeddedInput(boolean maskZero) {
        Random rnd = new Random(maskZero ? 11 : 12);
        int vocabulary = 9;
        Embedding embedding = new Embedding(vocabulary, I, maskZero);
        embedding.build(Shape.of(T), 3);
        ProjectedLSTM layer = randomized(ProjectedLSTM.builder(H, P), rnd);
        float[] ids = new float[B * T];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rnd.nextInt(vocabulary);
        }
        assertTrue(layer.acceptsTokens(embedding));
        float[] x = embedding.forward(ids, B, null, false).clone();
        float[] expected = layer.forward(x, B, T, I, embedding.outputMask(null), false).clone();
        assertArrayEquals(expected, layer.forwardTokens(embedding, ids, B, null));
        assertTrue(!java.util.Arrays.equals(new float[expected.length], expected), "not all zeros");
        assertTrue(!layer.acceptsTokens(new Embedding(vocabulary, I + 1, false)), "other vectors than the layer's input");
    }
}

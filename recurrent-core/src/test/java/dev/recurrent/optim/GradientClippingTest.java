package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clipping on hand-computed numbers. Each case uses plain SGD with learning rate 1 from zero
 * weights, so the weights after one step are minus the clipped gradients.
 */
class GradientClippingTest {

    private static List<Parameter> params(float[]... grads) {
        List<Parameter> ps = new java.util.ArrayList<>();
        for (int i = 0; i < grads.length; i++) {
            Parameter p = Params.of("p" + i, new float[grads[i].length], grads[i].length);
            System.arraycopy(grads[i], 0, p.grad(), 0, grads[i].length);
            ps.add(p);
        }
        return ps;
    }

    private static float[] negated(float... v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    @Test
    void clipValueClampsEachElement() {
        List<Parameter> ps = params(new float[] {3f, -4f, 1f, 0f}, new float[] {-2.5f, 2.6f});
        SGD.builder().learningRate(1).clipvalue(2.5).build().step(ps);
        assertArrayEquals(negated(2.5f, -2.5f, 1f, 0f), ps.get(0).value(), 0f);
        assertArrayEquals(negated(-2.5f, 2.5f), ps.get(1).value());
        assertArrayEquals(new float[] {3f, -4f, 1f, 0f}, ps.get(0).grad(), "the live gradient is left as it was");
    }

    @Test
    void clipNormScalesEachVariableOnItsOwn() {
        // norms 5, 0.5 and 0: only the first exceeds 1
        List<Parameter> ps = params(new float[] {3f, 4f}, new float[] {0.3f, 0.4f}, new float[] {0f, 0f});
        SGD.builder().learningRate(1).clipnorm(1).build().step(ps);
        assertArrayEquals(negated(0.6f, 0.8f), ps.get(0).value(), 1e-7f);
        assertArrayEquals(negated(0.3f, 0.4f), ps.get(1).value());
        assertArrayEquals(new float[] {0f, 0f}, ps.get(2).value());
        assertArrayEquals(new float[] {3f, 4f}, ps.get(0).grad());
    }

    @Test
    void globalClipNormScalesAllVariablesTogether() {
        // global norm sqrt(9 + 16 + 144) = 13; clipped to 6.5, every gradient is halved
        List<Parameter> ps = params(new float[] {3f, 4f}, new float[] {12f});
        assertEquals(13.0, Optimizer.globalNorm(ps), 0.0);
        SGD.builder().learningRate(1).globalClipnorm(6.5).build().step(ps);
        assertArrayEquals(negated(1.5f, 2f), ps.get(0).value(), 1e-6f);
        assertArrayEquals(negated(6f), ps.get(1).value(), 1e-6f);
        assertEquals(13.0, Optimizer.globalNorm(ps), 0.0, "the live gradients are left as they were");
    }

    @Test
    void globalClipNormLeavesASmallerNormAlone() {
        List<Parameter> ps = params(new float[] {3f, 4f}, new float[] {12f});
        SGD.builder().learningRate(1).globalClipnorm(20).build().step(ps);
        assertArrayEquals(negated(3f, 4f), ps.get(0).value(), 1e-6f);
        assertArrayEquals(negated(12f), ps.get(1).value(), 1e-6f);
    }

    @Test
    void globalClipNormOfANonFiniteGradientIsNaNEverywhere() {
        // Keras adds (norm − norm) to the scale so that an infinite norm poisons every gradient
        List<Parameter> ps = params(new float[] {Float.POSITIVE_INFINITY, 0f}, new float[] {1f});
        SGD.builder().learningRate(1).globalClipnorm(1).build().step(ps);
        assertTrue(Float.isNaN(ps.get(1).value()[0]), "got " + ps.get(1).value()[0]);
    }

    @Test
    void clippingHappensBeforeTheUpdateRule() {
        // Adam's first step moves every element by about lr·sign(g), whatever g's size; with
        // clipvalue the step is the same, but the momentum slot holds (1 − β1)·clip(g)
        List<Parameter> ps = params(new float[] {10f, -0.5f});
        Adam adam = Adam.builder().clipvalue(1).build();
        adam.step(ps);
        float[] m = adam.state().get("momentum/0");
        assertArrayEquals(new float[] {0.1f * 1f, 0.1f * -0.5f}, m, 1e-7f);
    }

    @Test
    void globalNormOfHistories() {
        List<Parameter> ps = params(new float[] {1f, 2f}, new float[] {2f});
        assertEquals(3.0, Optimizer.globalNorm(ps), 0.0);
    }

    @Test
    void onlyOneKindOfClippingAtATime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Adam.builder().clipnorm(1).globalClipnorm(1).build());
        assertTrue(e.getMessage().contains("Adam") && e.getMessage().contains("only one of `clipnorm`, `clipvalue`"
                + " and `global_clipnorm`") && e.getMessage().contains("clipnorm=1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().clipnorm(1).clipvalue(1).build());
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().clipvalue(1).globalClipnorm(1).build());
    }
}

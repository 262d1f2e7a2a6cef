package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateTest {

    /**
     * Run 3 steps, save, run 2 more: W1. A fresh optimizer from the config, given the weights and
     * state after 3 steps and the iteration count, runs the same 2 steps to the same bits.
     */
    @Test
    void resumeIsBitExact() {
        for (Supplier<Optimizer> make : Variants.all()) {
            Optimizer first = make.get();
            List<Parameter> ps = Params.standard();
            for (int t = 0; t < 3; t++) {
                Params.setGradients(ps, Params.gradients(t));
                first.step(ps);
            }
            Map<String, float[]> saved = first.state();
            long iterations = first.iterations();
            Map<String, Object> config = first.config();
            float[][] weights = Params.values(ps);
            for (int t = 3; t < 5; t++) {
                Params.setGradients(ps, Params.gradients(t));
                first.step(ps);
            }

            Optimizer resumed = Optimizer.fromConfig(first.name(), config);
            List<Parameter> copy = Params.of(weights);
            resumed.build(copy);
            resumed.loadState(saved);
            resumed.setIterations(iterations);
            for (int t = 3; t < 5; t++) {
                Params.setGradients(copy, Params.gradients(t));
                resumed.step(copy);
            }
            for (int i = 0; i < ps.size(); i++) {
                assertArrayEquals(ps.get(i).value(), copy.get(i).value(), first + ": parameter " + i);
            }
            assertEquals(5, resumed.iterations());
            Map<String, float[]> a = first.state();
            Map<String, float[]> b = resumed.state();
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k), b.get(k), first + ": " + k);
            }
        }
    }

    @Test
    void slotNamesAreKeras() {
        assertEquals(List.of("momentum/0", "momentum/1", "velocity/0", "velocity/1"), built(new Adam()));
        assertEquals(List.of("momentum/0", "momentum/1", "velocity/0", "velocity/1", "velocity_hat/0",
                "velocity_hat/1"), built(Adam.builder().amsgrad(true).build()));
        assertEquals(List.of(), built(new SGD()));
        assertEquals(List.of("momentum/0", "momentum/1"), built(SGD.builder().momentum(0.9).build()));
        assertEquals(List.of("velocity/0", "velocity/1"), built(new RMSprop()));
        assertEquals(List.of("velocity/0", "velocity/1", "momentum/0", "momentum/1", "average_gradient/0",
                "average_gradient/1"), built(RMSprop.builder().momentum(0.5).centered(true).build()));
        assertEquals(List.of("accumulator/0", "accumulator/1"), built(new Adagrad()));
        assertEquals(List.of("momentum/0", "momentum/1", "velocity/0", "velocity/1"), built(new AdamW()));
    }

    private static List<String> built(Optimizer o) {
        assertTrue(o.state().isEmpty(), "nothing before build");
        o.build(Params.standard());
        return List.copyOf(o.state().keySet());
    }

    @Test
    void adagradAccumulatorsStartAtTheirInitialValue() {
        Adagrad a = Adagrad.builder().initialAccumulatorValue(0.25).build();
        a.build(Params.standard());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, a.state().get("accumulator/1"));
    }

    @Test
    void stateIsACopy() {
        Adam adam = new Adam();
        List<Parameter> ps = Params.standard();
        Params.setGradients(ps, Params.gradients(0));
        adam.step(ps);
        float before = adam.state().get("momentum/0")[0];
        adam.state().get("momentum/0")[0] = 42f;
        assertEquals(before, adam.state().get("momentum/0")[0]);
    }

    @Test
    void loadStateChecksEverything() {
        Adam adam = new Adam();
        Map<String, float[]> good = new HashMap<>();
        IllegalStateException notBuilt = assertThrows(IllegalStateException.class, () -> adam.loadState(good));
        assertTrue(notBuilt.getMessage().contains("build(params)"), notBuilt.getMessage());

        adam.build(Params.standard());
        good.putAll(adam.state());

        Map<String, float[]> wrongSize = new HashMap<>(good);
        wrongSize.put("velocity/1", new float[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(wrongSize));
        assertEquals("Adam: state entry 'velocity/1' expects 4 values (parameter 1, 'bias' [4] (4 values)), got 5",
                e.getMessage());

        Map<String, float[]> missing = new HashMap<>(good);
        missing.remove("momentum/0");
        e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(missing));
        assertTrue(e.getMessage().startsWith("Adam: state lacks [momentum/0]"), e.getMessage());

        Map<String, float[]> extra = new HashMap<>(good);
        extra.put("velocity_hat/0", new float[6]);
        e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(extra));
        assertTrue(e.getMessage().contains("unexpected entries [velocity_hat/0]"), e.getMessage());

        Map<String, float[]> nan = new HashMap<>(good);
        nan.put("momentum/0", new float[] {0, 0, Float.NaN, 0, 0, 0});
        e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(nan));
        assertTrue(e.getMessage().contains("'momentum/0'") && e.getMessage().contains("index 2"), e.getMessage());

        Map<String, float[]> ok = new HashMap<>(good);
        ok.put("momentum/0", new float[] {1, 2, 3, 4, 5, 6});
        adam.loadState(ok);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, adam.state().get("momentum/0"));
    }

    @Test
    void anOptimizerServesOneListOfParameters() {
        Adam adam = new Adam();
        List<Parameter> ps = Params.standard();
        adam.step(ps);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.step(List.of(ps.get(0))));
        assertTrue(e.getMessage().contains("built for 2 parameters, got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> adam.step(List.of(ps.get(1), ps.get(0))));
        assertEquals("Adam: parameter 0 was 'kernel' [2, 3] (6 values), got bias[4] (4 values); pass the parameters"
                + " in the order the optimizer was built with", e.getMessage());
        assertEquals(1, adam.iterations(), "a refused step changes nothing");
        assertThrows(IllegalArgumentException.class, () -> new Adam().step(List.of()));
    }

    @Test
    void iterationsCanBeSetButNotNegative() {
        SGD sgd = new SGD();
        sgd.setIterations(7);
        assertEquals(7, sgd.iterations());
        assertThrows(IllegalArgumentException.class, () -> sgd.setIterations(-1));
        assertFalse(sgd.isBuilt());
    }

    @Test
    void weightDecayExclusions() {
        AdamW adamW = AdamW.builder().learningRate(0.1).weightDecay(0.5).excludeFromWeightDecay("bias").build();
        SGD reference = SGD.builder().learningRate(0.1).build();
        List<Parameter> ps = Params.standard();
        adamW.step(ps);   // zero gradients: only weight decay moves anything
        assertArrayEquals(Params.W0[1], ps.get(1).value(), "bias excluded");
        assertEquals(Params.W0[0][0] * (1 - 0.05f), ps.get(0).value()[0], 1e-7);
        assertEquals(0.1f, reference.learningRate());
    }
}

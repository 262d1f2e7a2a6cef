package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulesTest {

    @Test
    void exponentialDecay() {
        ExponentialDecay s = new ExponentialDecay(0.1, 10, 0.5);
        assertEquals(0.1f, s.rate(0));
        assertEquals(0.1 * Math.pow(0.5, 0.5), s.rate(5), 1e-8);
        assertEquals(0.05f, s.rate(10), 1e-9);
        assertEquals(0.1 * Math.pow(0.5, 2.5), s.rate(25), 1e-9);
    }

    @Test
    void exponentialDecayStaircase() {
        ExponentialDecay s = new ExponentialDecay(0.1, 10, 0.5, true);
        assertEquals(0.1f, s.rate(5));
        assertEquals(0.1f, s.rate(9));
        assertEquals(0.05f, s.rate(10), 1e-9);
        assertEquals(0.05f, s.rate(19), 1e-9);
        assertEquals(0.025f, s.rate(20), 1e-9);
    }

    @Test
    void stepDecay() {
        StepDecay s = new StepDecay(0.1, 0.5, 10);
        assertEquals(0.1f, s.rate(0));
        assertEquals(0.1f, s.rate(9));
        assertEquals(0.05f, s.rate(10));
        assertEquals(0.025f, s.rate(25));
        assertEquals(0.1f * 0.5f * 0.5f * 0.5f, s.rate(30));
    }

    @Test
    void anOptimizerEvaluatesItsScheduleAtItsIterationCount() {
        Parameter p = Params.of("w", new float[1], 1);
        SGD sgd = SGD.builder().learningRate(new StepDecay(1.0, 0.5, 2)).build();
        assertEquals(1f, sgd.learningRate());
        for (int t = 0; t < 4; t++) {
            p.grad()[0] = 1f;
            sgd.step(List.of(p));
        }
        // rates 1, 1, 0.5, 0.5
        assertArrayEquals(new float[] {-3f}, p.value());
        assertEquals(0.25f, sgd.learningRate());
        sgd.setIterations(0);
        assertEquals(1f, sgd.learningRate());
    }

    @Test
    void aScheduledLearningRateCannotBeSet() {
        SGD sgd = SGD.builder().learningRate(new ExponentialDecay(0.1, 10, 0.9)).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.setLearningRate(0.01f));
        assertTrue(e.getMessage().contains("SGD") && e.getMessage().contains("ExponentialDecay"), e.getMessage());
    }

    @Test
    void configsRoundTrip() {
        for (LearningRateSchedule s : List.of(new ExponentialDecay(0.1, 100, 0.96, true), new StepDecay(0.01, 0.5, 7))) {
            Map<String, Object> serialized = LearningRateSchedule.serialize(s);
            LearningRateSchedule back = LearningRateSchedule.deserialize(serialized);
            assertEquals(s.config(), back.config());
            assertEquals(s.getClass(), back.getClass());
            for (long step : new long[] {0, 6, 7, 99, 100, 1000}) {
                assertEquals(s.rate(step), back.rate(step));
            }
        }
    }

    @Test
    void kerasSerializedScheduleLoads() {
        Map<String, Object> keras = new java.util.HashMap<>();
        keras.put("module", "keras.optimizers.schedules");
        keras.put("class_name", "ExponentialDecay");
        keras.put("config", Map.of("initial_learning_rate", 0.01, "decay_steps", 10000, "decay_rate", 0.9,
                "staircase", false, "name", "ExponentialDecay"));
        keras.put("registered_name", null);
        LearningRateSchedule s = LearningRateSchedule.deserialize(keras);
        assertEquals(0.01f * (float) Math.pow(0.9f, 0.5f), s.rate(5000));
    }

    @Test
    void badArgumentsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExponentialDecay(0.1, 0, 0.5));
        assertEquals("ExponentialDecay: received an invalid value for argument `decay_steps`, expected an integer"
                + " > 0, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StepDecay(0.1, 1.5, 10));
        assertTrue(e.getMessage().contains("StepDecay") && e.getMessage().contains("`factor`")
                && e.getMessage().contains("(0, 1]") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(-0.1, 0.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(0.1, 0.5, 0));
        e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.fromConfig("CosineDecay", Map.of()));
        assertTrue(e.getMessage().contains("CosineDecay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.fromConfig("StepDecay", Map.of("initial_learning_rate", 0.1)));
        assertTrue(e.getMessage().contains("`factor`"), e.getMessage());
    }
}

package dev.recurrent.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReduceLROnPlateauTest {

    private static float[] run(ReduceLROnPlateau r, Optimizer o, double... values) {
        float[] lrs = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            lrs[i] = r.onEpochEnd(values[i], o);
        }
        return lrs;
    }

    @Test
    void kerasDefaults() {
        ReduceLROnPlateau r = new ReduceLROnPlateau();
        assertEquals("val_loss", r.monitor());
        assertEquals(0.1, r.factor());
        assertEquals(10, r.patience());
        assertEquals(ReduceLROnPlateau.Mode.AUTO, r.mode());
        assertEquals(1e-4, r.minDelta());
        assertEquals(0, r.cooldown());
        assertEquals(0.0, r.minLr());
        assertEquals(Double.POSITIVE_INFINITY, r.best());
    }

    @Test
    void reducesAfterPatienceEpochsWithoutImprovement() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().factor(0.5).patience(2).build();
        SGD sgd = new SGD(1.0);
        // improve, wait 1, wait 2 → halve; improve; 0.49995 is within min_delta: wait 1; wait 2 → halve
        float[] lrs = run(r, sgd, 1.0, 1.0, 1.0, 0.5, 0.49995, 0.6);
        assertArrayEquals(new float[] {1f, 1f, 0.5f, 0.5f, 0.5f, 0.25f}, lrs);
        assertEquals(0.25f, sgd.learningRate());
        assertEquals(0.25, (double) sgd.config().get("learning_rate"), "the config holds the reduced rate");
    }

    @Test
    void patienceTenByDefault() {
        ReduceLROnPlateau r = new ReduceLROnPlateau();
        Adam adam = new Adam();
        r.onEpochEnd(1.0, adam);
        for (int i = 1; i < 10; i++) {
            assertEquals(0.001f, r.onEpochEnd(1.0, adam), "epoch " + i);
        }
        assertEquals((float) (0.001f * 0.1), r.onEpochEnd(1.0, adam));
    }

    @Test
    void cooldownSuspendsTheWait() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().factor(0.5).patience(1).cooldown(2).build();
        SGD sgd = new SGD(1.0);
        // as Keras: after a reduction, the next epoch counts the cooldown down to 1 and waits not;
        // the one after counts it to 0, is out of cooldown and waits (and here reduces) again
        float[] lrs = run(r, sgd, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertArrayEquals(new float[] {1f, 0.5f, 0.5f, 0.25f, 0.25f, 0.125f}, lrs);

        ReduceLROnPlateau none = ReduceLROnPlateau.builder().factor(0.5).patience(1).build();
        SGD other = new SGD(1.0);
        assertArrayEquals(new float[] {1f, 0.5f, 0.25f, 0.125f}, run(none, other, 1.0, 1.0, 1.0, 1.0));
    }

    @Test
    void neverBelowMinLr() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().factor(0.1).patience(1).minLr(0.05).build();
        SGD sgd = new SGD(1.0);
        float[] lrs = run(r, sgd, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertArrayEquals(new float[] {1f, 0.1f, 0.05f, 0.05f, 0.05f}, lrs);
    }

    @Test
    void maxModeForAccuracies() {
        ReduceLROnPlateau auto = ReduceLROnPlateau.builder().monitor("val_accuracy").factor(0.5).patience(1).build();
        assertEquals(Double.NEGATIVE_INFINITY, auto.best());
        SGD sgd = new SGD(1.0);
        assertArrayEquals(new float[] {1f, 1f, 0.5f}, run(auto, sgd, 0.5, 0.6, 0.55));

        ReduceLROnPlateau max = ReduceLROnPlateau.builder().mode(ReduceLROnPlateau.Mode.MAX).factor(0.5).patience(1)
                .build();
        SGD other = new SGD(1.0);
        assertArrayEquals(new float[] {1f, 1f, 0.5f}, run(max, other, 0.5, 0.6, 0.55));
    }

    @Test
    void minModeEvenForAnAccuracyName() {
        ReduceLROnPlateau min = ReduceLROnPlateau.builder().monitor("acc").mode(ReduceLROnPlateau.Mode.MIN)
                .factor(0.5).patience(1).build();
        SGD sgd = new SGD(1.0);
        assertArrayEquals(new float[] {1f, 1f, 0.5f}, run(min, sgd, 0.5, 0.4, 0.45));
    }

    @Test
    void nanIsNoImprovement() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().factor(0.5).patience(1).build();
        SGD sgd = new SGD(1.0);
        assertArrayEquals(new float[] {0.5f}, run(r, sgd, Double.NaN));
    }

    @Test
    void resetStartsOver() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().factor(0.5).patience(2).cooldown(3).build();
        SGD sgd = new SGD(1.0);
        run(r, sgd, 1.0, 2.0, 2.0);
        assertTrue(r.inCooldown());
        r.reset();
        assertEquals(0, r.waitCount());
        assertEquals(0, r.cooldownCounter());
        assertEquals(Double.POSITIVE_INFINITY, r.best());
    }

    @Test
    void aScheduledOptimizerCannotBeReduced() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(1).build();
        SGD sgd = SGD.builder().learningRate(new StepDecay(0.1, 0.5, 100)).build();
        r.onEpochEnd(1.0, sgd);
        assertThrows(IllegalStateException.class, () -> r.onEpochEnd(1.0, sgd));
    }

    @Test
    void configRoundTrip() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().monitor("loss").factor(0.2).patience(5)
                .mode(ReduceLROnPlateau.Mode.MIN).minDelta(0.01).cooldown(2).minLr(1e-5).build();
        assertEquals(r.config(), ReduceLROnPlateau.fromConfig(r.config()).config());
        java.util.Map<String, Object> keras = new java.util.HashMap<>(r.config());
        keras.put("verbose", 1);
        assertEquals(r.config(), ReduceLROnPlateau.fromConfig(keras).config());
    }

    @Test
    void badArgumentsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReduceLROnPlateau.builder().factor(1.0).build());
        assertEquals("ReduceLROnPlateau: received an invalid value for argument `factor`, expected a float in"
                + " [0, 1), got 1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().patience(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().cooldown(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().minLr(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().minDelta(Double.NaN).build());
        e = assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.Mode.of("maximum"));
        assertTrue(e.getMessage().contains("`mode`") && e.getMessage().contains("maximum"), e.getMessage());
    }
}

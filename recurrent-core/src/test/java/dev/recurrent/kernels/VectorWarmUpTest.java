package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recurrent.kernels.Kernels.CellStep;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The warm-up runs every kernel it names within its own buffers, and only when and as often as it should. */
class VectorWarmUpTest {

    private static Kernels kernels;

    @BeforeAll
    static void needsTheVectorApi() {
        Assumptions.assumeTrue(KernelsProvider.vector().isPresent(),
                "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
        kernels = KernelsProvider.vector().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(CellStep.class)
    void everyStepRunsWithEveryActivation(CellStep step) {
        for (Activation act : Activation.values()) {
            for (Activation recAct : Activation.values()) {
                assertDoesNotThrow(() -> VectorWarmUp.run(kernels, 2, true, step, act, recAct), step + " " + act + " " + recAct);
            }
        }
    }

    @Test
    void aLayerIsWarmedOnceAndOnlyWhenLargeEnough() {
        // a combination no other test builds, so that this test sees the first request
        CellStep step = CellStep.SIMPLE_RNN;
        Activation act = Activation.HARD_SIGMOID, unused = Activation.RELU;
        assertFalse(VectorWarmUp.request(kernels, step, act, unused, VectorWarmUp.MIN_UNITS - 1), "below the minimum size");
        assertTrue(VectorWarmUp.request(kernels, step, act, unused, VectorWarmUp.MIN_UNITS), "the first request");
        assertFalse(VectorWarmUp.request(kernels, step, act, unused, 4 * VectorWarmUp.MIN_UNITS), "the same step again");
    }
}

package dev.recurrent.optim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bad arguments are refused with the class, the Keras argument, the expectation and the value. */
class ArgumentValidationTest {

    private static void refused(String message, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertEquals(message, e.getMessage());
    }

    @Test
    void learningRate() {
        refused("SGD: received an invalid value for argument `learning_rate`, expected a finite float >= 0, got -0.1",
                () -> new SGD(-0.1));
        refused("Adam: received an invalid value for argument `learning_rate`, expected a finite float >= 0, got NaN",
                () -> Adam.builder().learningRate(Double.NaN).build());
        refused("RMSprop: received an invalid value for argument `learning_rate`, expected a finite float >= 0,"
                + " got -1.0", () -> new RMSprop().setLearningRate(-1f));
    }

    @Test
    void momentum() {
        refused("SGD: received an invalid value for argument `momentum`, expected a float in [0, 1], got 1.5",
                () -> SGD.builder().momentum(1.5).build());
        refused("SGD: received an invalid value for argument `momentum`, expected a float in [0, 1], got -0.1",
                () -> SGD.builder().momentum(-0.1).build());
        refused("RMSprop: received an invalid value for argument `momentum`, expected a float in [0, 1], got 2.0",
                () -> RMSprop.builder().momentum(2).build());
    }

    @Test
    void decayRatesAndEpsilons() {
        refused("Adam: received an invalid value for argument `beta_1`, expected a float in [0, 1), got 1.0",
                () -> Adam.builder().beta1(1).build());
        refused("AdamW: received an invalid value for argument `beta_2`, expected a float in [0, 1), got -0.5",
                () -> AdamW.builder().beta2(-0.5).build());
        refused("Adam: received an invalid value for argument `epsilon`, expected a finite float >= 0, got -1.0E-7",
                () -> Adam.builder().epsilon(-1e-7).build());
        refused("RMSprop: received an invalid value for argument `rho`, expected a float in [0, 1], got 1.1",
                () -> RMSprop.builder().rho(1.1).build());
        refused("Adagrad: received an invalid value for argument `initial_accumulator_value`, expected a finite"
                + " float >= 0, got -0.1", () -> Adagrad.builder().initialAccumulatorValue(-0.1).build());
        refused("Adagrad: received an invalid value for argument `epsilon`, expected a finite float >= 0, got"
                + " Infinity", () -> Adagrad.builder().epsilon(Double.POSITIVE_INFINITY).build());
    }

    @Test
    void weightDecayAndClipping() {
        refused("AdamW: received an invalid value for argument `weight_decay`, expected a finite float >= 0,"
                + " got -0.004", () -> AdamW.builder().weightDecay(-0.004).build());
        refused("SGD: received an invalid value for argument `clipnorm`, expected a finite float > 0, got 0.0",
                () -> SGD.builder().clipnorm(0).build());
        refused("Adam: received an invalid value for argument `clipvalue`, expected a finite float > 0, got -1.0",
                () -> Adam.builder().clipvalue(-1).build());
        refused("RMSprop: received an invalid value for argument `global_clipnorm`, expected a finite float > 0,"
                + " got NaN", () -> RMSprop.builder().globalClipnorm(Double.NaN).build());
        refused("Adam: only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set, got clipnorm=1.0,"
                + " clipvalue=0.5, global_clipnorm=null", () -> Adam.builder().clipnorm(1).clipvalue(0.5).build());
    }

    @Test
    void badPatternForExclusions() {
        assertThrows(java.util.regex.PatternSyntaxException.class,
                () -> AdamW.builder().excludeFromWeightDecay("bias("));
    }
}

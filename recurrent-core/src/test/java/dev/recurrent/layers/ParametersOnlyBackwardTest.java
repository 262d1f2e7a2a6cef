package dev.recurrent.layers;

import dev.recurrent.layers.RecurrentTestSupport.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.recurrent.layers.RecurrentTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** A first layer skips its input gradient; its weight gradients are exactly those of the full backward. */
class ParametersOnlyBackwardTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void weightGradientsAreThoseOfTheFullBackward(Kind kind) {
        int b = 20, t = 5, f = 3, h = 6;
        Random rng = new Random(3);
        Recurrent layer = withRandomWeights(kind.builder(h).returnSequences(true).build(), kind, f, rng, 0.5);
        float[] x = random(rng, b * t * f, 1.0), dy = random(rng, b * t * h, 1.0);

        layer.zeroGrad();
        layer.forward(x, b, t, f, null, null, true);
        layer.backward(dy);
        float[][] full = weightGradients(layer);

        layer.zeroGrad();
        layer.forward(x, b, t, f, null, null, true);
        layer.backwardParametersOnly(dy);
        float[][] only = weightGradients(layer);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(full[i], only[i], kind + ": " + WEIGHT_NAMES[i]);
        }
    }
}

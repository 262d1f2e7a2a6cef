package dev.recurrent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recurrent.layers.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A parameter large enough to be updated in ranges on several cores ends each step with the same
 * bits as the same values updated as many small parameters, one whole update each, with every
 * optimizer and option (clipping by a norm aside: that norm is taken per parameter or over all of them).
 */
class SplitUpdateTest {

    private static final int LARGE = 3 * (1 << 14) + 123;
    private static final int PIECE = 1000;

    @Test
    void aSplitUpdateGivesTheSameBitsAsWholeUpdates() {
        int variant = 0;
        for (Supplier<Optimizer> make : Variants.all()) {
            variant++;
            Optimizer probe = make.get();
            if (probe.config().get("clipnorm") != null || probe.config().get("global_clipnorm") != null) {
                continue;
            }
            SplittableRandom rnd = new SplittableRandom(7 + variant);
            float[] w0 = new float[LARGE];
            for (int i = 0; i < LARGE; i++) {
                w0[i] = (float) rnd.nextDouble(-1, 1);
            }
            Parameter large = Params.of("large", w0.clone(), LARGE);
            List<Parameter> pieces = new ArrayList<>();
            for (int from = 0; from < LARGE; from += PIECE) {
                int to = Math.min(LARGE, from + PIECE);
                float[] v = new float[to - from];
                System.arraycopy(w0, from, v, 0, v.length);
                pieces.add(Params.of("piece" + from, v, v.length));
            }
            Optimizer split = make.get(), whole = make.get();
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < LARGE; i++) {
                    large.grad()[i] = (float) rnd.nextGaussian() * (i % 7 == 0 ? 10f : 0.1f);
                }
                for (int p = 0; p < pieces.size(); p++) {
                    float[] g = pieces.get(p).grad();
                    System.arraycopy(large.grad(), p * PIECE, g, 0, g.length);
                }
                split.step(List.of(large));
                whole.step(pieces);
                for (int i = 0; i < LARGE; i++) {
                    float expected = pieces.get(i / PIECE).value()[i % PIECE];
                    if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(large.value()[i])) {
                        assertEquals(expected, large.value()[i], split.config() + " step " + step + " element " + i);
                    }
                }
            }
        }
    }
}

package dev.recurrent.layers.attention;

import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.recurrent.layers.attention.AttentionGradientTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras' semantics that the golden cases do not pin down: weights, masks at their limits, dropout. */
class AttentionSemanticsTest {
    static final int B = 2, TQ = 3, TV = 5, D = 7;

    @Test
    void weightsAndCountsAreKeras() {
        assertEquals(0, built(new Attention()).parameterCount());
        Attention scaled = new Attention("attention", true, "dot", 0f);
        built(scaled);
        assertEquals(1, scaled.parameterCount());
        assertEquals("scale", scaled.parameters().get(0).name());
        assertArrayEquals(new int[0], scaled.parameters().get(0).shape());
        assertEquals(1f, scaled.parameters().get(0).value()[0]);
        Attention concat = new Attention("attention", true, "concat", 0f);
        built(concat);
        assertEquals(2, concat.parameterCount());
        assertEquals("concat_score_weight", concat.parameters().get(1).name());
        assertEquals(1f, concat.parameters().get(1).value()[0]);
        assertEquals(1, built(new Attention("attention", false, "concat", 0f)).parameterCount());
        AdditiveAttention additive = new AdditiveAttention();
        built(additive);
        assertEquals(D, additive.parameterCount());
        Parameter scale = additive.parameters().get(0);
        assertArrayEquals(new int[]{D}, scale.shape());
        double limit = Math.sqrt(6.0 / (D + D));
        for (float s : scale.value()) {
            assertTrue(Math.abs(s) <= limit, "glorot_uniform keeps |scale| within " + limit + ", got " + s);
        }
        assertNotEquals(scale.value()[0], scale.value()[1]);
        assertEquals(0, built(new AdditiveAttention("a", false, 0f)).parameterCount());
    }

    @Test
    void maskedAndFutureValueStepsGetNoWeightAndEveryRowSumsToOne() {
        for (AttentionLayer layer : new AttentionLayer[]{new Attention(), new AdditiveAttention()}) {
            layer.build(Shape.of(TV, D), Shape.of(TV, D), null, 1L);
            Random r = new Random(2);
            boolean[] valueMask = {true, false, true, true, false, true, true, true, false, true};
            layer.forward(random(r, B * TV * D), random(r, B * TV * D), null, null, valueMask, B, false, true);
            float[] s = layer.scores();
            for (int b = 0; b < B; b++) {
                for (int i = 0; i < TV; i++) {
                    double sum = 0;
                    for (int j = 0; j < TV; j++) {
                        float w = s[(b * TV + i) * TV + j];
                        if (!valueMask[b * TV + j] || j > i) {
                            assertEquals(0f, w, layer.type() + ": weight of masked or future step " + j + " for query " + i);
                        }
                        sum += w;
                    }
                    assertEquals(1.0, sum, 1e-6);
                }
            }
        }
    }

    @Test
    void aQueryStepWhoseValuesAreAllMaskedSpreadsItsWeightEvenlyAsKerasDoesInFloat32() {
        Attention layer = new Attention();
        layer.build(Shape.of(TQ, D), Shape.of(TV, D), null, 1L);
        Random r = new Random(3);
        boolean[] valueMask = new boolean[B * TV];
        valueMask[TV] = true;
        layer.forward(random(r, B * TQ * D), random(r, B * TV * D), null, null, valueMask, B, false, false);
        for (int j = 0; j < TV; j++) {
            assertEquals(1f / TV, layer.scores()[j], 1e-7f, "sample 0 has every value step masked");
        }
        assertEquals(1f, layer.scores()[TQ * TV], "sample 1 attends only to its one unmasked step");
    }

    @Test
    void maskedQueryStepsGiveZeroRowsAndTheOutputMaskIsTheQueryMask() {
        AdditiveAttention layer = new AdditiveAttention();
        layer.build(Shape.of(TQ, D), Shape.of(TV, D), Shape.of(TV, D), 1L);
        Random r = new Random(4);
        boolean[] queryMask = {true, false, true, false, true, true};
        float[] out = layer.forward(random(r, B * TQ * D), random(r, B * TV * D), random(r, B * TV * D),
                queryMask, null, B, false, false);
        for (int row = 0; row < B * TQ; row++) {
            double norm = 0;
            for (int c = 0; c < D; c++) {
                norm += Math.abs(out[row * D + c]);
            }
            assertEquals(!queryMask[row], norm == 0, "row " + row);
        }
        assertSame(queryMask, layer.outputMask(queryMask, new boolean[B * TV]));
    }

    @Test
    void dropoutZeroesOrRescalesTheWeightsOnlyWhileTrainingAndTheScoresAreTheDroppedWeights() {
        float rate = 0.5f;
        Attention layer = new Attention("attention", false, "dot", rate);
        layer.build(Shape.of(TQ, D), Shape.of(TV, D), null, 1L);
        Random r = new Random(5);
        float[] q = random(r, B * TQ * D), v = random(r, B * TV * D);
        layer.forward(q, v, B, false);
        float[] weights = layer.scores().clone();
        float[] out = layer.forward(q, v, B, true).clone();
        float[] dropped = layer.scores();
        int zeros = 0;
        for (int i = 0; i < weights.length; i++) {
            if (dropped[i] == 0f) {
                zeros++;
            } else {
                assertEquals(weights[i] / (1 - rate), dropped[i], 1e-6f);
            }
        }
        assertTrue(zeros > 0 && zeros < weights.length, "some weights dropped, not all: " + zeros);
        double o = 0;
        for (int j = 0; j < TV; j++) {
            o += dropped[j] * v[j * D];
        }
        assertEquals(o, out[0], 1e-5, "the output is the dropped weights times the values");
        layer.forward(q, v, B, false);
        assertArrayEquals(weights, layer.scores(), "no dropout at inference");
    }

    @Test
    void aSecondBuildForOtherStepsKeepsTheWeightsAndTheValueFeaturesMayDifferFromTheQuerys() {
        AdditiveAttention layer = new AdditiveAttention();
        layer.build(Shape.of(TQ, D), Shape.of(TV, 2), Shape.of(TV, D), 9L);
        float[] scale = layer.parameters().get(0).value().clone();
        assertEquals(Shape.of(TQ, 2), layer.outputShape());
        assertEquals(Shape.of(TQ, TV), layer.scoresShape());
        assertEquals(Shape.of(1, 2), layer.build(Shape.of(1, D), Shape.of(8, 2), Shape.of(8, D), 10L));
        assertArrayEquals(scale, layer.parameters().get(0).value());
        Random r = new Random(6);
        assertEquals(2, layer.forward(random(r, D), random(r, 16), random(r, 8 * D), null, null, 1, false, false).length);
    }

    private static AttentionLayer built(AttentionLayer layer) {
        layer.build(Shape.of(TQ, D), Shape.of(TV, D), null, 1L);
        return layer;
    }
}

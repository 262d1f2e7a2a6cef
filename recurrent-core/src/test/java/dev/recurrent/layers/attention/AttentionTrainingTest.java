package dev.recurrent.layers.attention;

import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Shape;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.Optimizer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.recurrent.layers.attention.AttentionGradientTest.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weights are Parameters an optimizer trains: a student recovers a teacher's weights from its outputs. */
class AttentionTrainingTest {
    static final int B = 8, TQ = 3, TV = 6, D = 4;

    @Test
    void adamRecoversTheAdditiveScaleOfATeacher() {
        AdditiveAttention teacher = new AdditiveAttention(), student = new AdditiveAttention();
        double[] losses = fit(teacher, student, 400);
        assertTrue(losses[1] < losses[0] / 100, "loss " + losses[0] + " -> " + losses[1]);
        float[] want = teacher.parameters().get(0).value(), got = student.parameters().get(0).value();
        for (int c = 0; c < D; c++) {
            assertEquals(want[c], got[c], 0.05, "scale[" + c + "]");
        }
    }

    @Test
    void adamRecoversTheConcatScaleAndWeightOfATeacher() {
        Attention teacher = new Attention("attention", true, "concat", 0f), student = new Attention("attention", true, "concat", 0f);
        teacher.build(Shape.of(TQ, D), Shape.of(TV, D), Shape.of(TV, D), 1L);
        teacher.parameters().get(0).value()[0] = 0.6f;
        teacher.parameters().get(1).value()[0] = 1.8f;
        double[] losses = fit(teacher, student, 400);
        assertTrue(losses[1] < losses[0] / 100, "loss " + losses[0] + " -> " + losses[1]);
        assertEquals(0.6f, student.parameters().get(0).value()[0], 0.05);
        assertEquals(1.8f, student.parameters().get(1).value()[0], 0.1);
    }

    /** Mean squared error of the student's outputs against the teacher's; returns the first and last loss. */
    private static double[] fit(AttentionLayer teacher, AttentionLayer student, int steps) {
        if (!teacher.isBuilt()) {
            teacher.build(Shape.of(TQ, D), Shape.of(TV, D), Shape.of(TV, D), 1L);
        }
        student.build(Shape.of(TQ, D), Shape.of(TV, D), Shape.of(TV, D), 2L);
        Optimizer adam = new Adam(0.05);
        Random r = new Random(3);
        double first = Double.NaN, last = Double.NaN;
        float[] dOut = new float[B * TQ * D];
        for (int step = 0; step < steps; step++) {
            float[] q = random(r, B * TQ * D), v = random(r, B * TV * D), k = random(r, B * TV * D);
            float[] target = teacher.forward(q, v, k, null, null, B, false, false).clone();
            float[] out = student.forward(q, v, k, null, null, B, false, false);
            double loss = 0;
            for (int i = 0; i < out.length; i++) {
                double e = out[i] - target[i];
                loss += e * e / out.length;
                dOut[i] = (float) (2 * e / out.length);
            }
            first = step == 0 ? loss : first;
            last = loss;
            student.zeroGrad();
            student.backward(dOut, null);
            adam.step(student.parameters());
        }
        for (Parameter p : student.parameters()) {
            assertTrue(Float.isFinite(p.value()[0]));
        }
        return new double[]{first, last};
    }
}

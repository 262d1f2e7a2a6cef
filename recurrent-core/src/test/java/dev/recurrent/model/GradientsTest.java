package dev.recurrent.model;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.Parameter;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.optim.SGD;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GradientsTest {

    private static Sequential model() {
        return new Sequential().input(5, 3).seed(7)
                .add(ReproducibilityTest.scalar(GRU.of(6)))
                .add(Dense.of(4, "softmax"))
                .compile(SGD.builder().learningRate(0.1).build(), new CategoricalCrossentropy(), "accuracy");
    }

    private static List<float[]> grads(Sequential m) {
        List<float[]> g = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            g.add(p.grad().clone());
        }
        return g;
    }

    @Test
    void computeThenApplyIsTrainOnBatch() {
        Tensor[] d = ReproducibilityTest.data(8, 5, 3, 4, 1);
        Sequential whole = model(), halves = model();
        double expected = whole.trainOnBatch(d[0], d[1]);
        double loss = Gradients.compute(halves, d[0], d[1], List.of());
        Gradients.apply(halves, grads(halves));
        assertEquals(expected, loss);
        for (int i = 0; i < whole.getWeights().size(); i++) {
            assertArrayEquals(whole.getWeights().get(i), halves.getWeights().get(i));
        }
    }

    @Test
    void twoHalvesWeightedBySizeGiveTheWholeBatchGradient() {
        Tensor[] d = ReproducibilityTest.data(8, 5, 3, 4, 2);
        Sequential m = model();
        Gradients.compute(m, d[0], d[1], List.of());
        List<float[]> whole = grads(m);
        Gradients.compute(m, d[0].slice(0, 3), d[1].slice(0, 3), List.of());
        List<float[]> first = grads(m);
        Gradients.compute(m, d[0].slice(3, 8), d[1].slice(3, 8), List.of());
        List<float[]> second = grads(m);
        for (int i = 0; i < whole.size(); i++) {
            for (int j = 0; j < whole.get(i).length; j++) {
                double combined = (3.0 * first.get(i)[j] + 5.0 * second.get(i)[j]) / 8.0;
                assertEquals(whole.get(i)[j], combined, 1e-6);
            }
        }
    }

    @Test
    void refusesGradientsOfTheWrongSize() {
        Sequential m = model().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gradients.apply(m, List.of(new float[1])));
        assertEquals("sequential: expected " + m.parameters().size() + " gradient arrays, got 1", e.getMessage());
    }
}

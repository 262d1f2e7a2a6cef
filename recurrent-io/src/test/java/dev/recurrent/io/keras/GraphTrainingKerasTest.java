package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.layers.Parameter;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.Model;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An encoder–decoder with states, trained with Adam for 60 batches, gives Keras 3's loss at every
 * batch and Keras' trained weights (Keras' side made by Keras itself: resources keras3/training).
 */
class GraphTrainingKerasTest {

    private static Tensor oneHot(Random r, int n, int steps, int k) {
        float[] x = new float[n * steps * k];
        for (int i = 0; i < n * steps; i++) {
            x[i * k + r.nextInt(k)] = 1f;
        }
        return Tensor.of(x, n, steps, k);
    }

    @Test
    void trainsAsKerasTrains() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/keras3/training").toURI());
        JsonNode kerasLosses = new ObjectMapper().readTree(dir.resolve("keras_losses.json").toFile()).path("losses");
        Model model = KerasModels.loadGraph(dir.resolve("init.keras"));
        model.compile(new Adam(0.001), new CategoricalCrossentropy());

        Random r = new Random(1);
        for (int b = 0; b < kerasLosses.size(); b++) {
            Tensor x = oneHot(r, 32, 7, 12), d = oneHot(r, 32, 4, 13), y = oneHot(r, 32, 4, 12);
            double loss = model.trainOnBatch(List.of(x, d), List.of(y));
            double keras = kerasLosses.get(b).doubleValue();
            assertEquals(keras, loss, 2e-6, "batch " + b);
        }

        Model trained = KerasModels.loadGraph(dir.resolve("keras_trained.keras"));
        List<Parameter> ours = model.parameters(), theirs = trained.parameters();
        assertEquals(theirs.size(), ours.size());
        for (int p = 0; p < ours.size(); p++) {
            float[] a = ours.get(p).value(), k = theirs.get(p).value();
            for (int i = 0; i < a.length; i++) {
                assertTrue(Math.abs(a[i] - k[i]) <= 1e-6, ours.get(p).name() + "[" + i + "]: " + a[i] + ", Keras " + k[i]);
            }
        }
    }
}

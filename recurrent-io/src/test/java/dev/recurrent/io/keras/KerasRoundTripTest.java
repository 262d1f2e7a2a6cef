package dev.recurrent.io.keras;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Masking;
import dev.recurrent.model.Sequential;
import dev.recurrent.regularizers.Constraints;
import dev.recurrent.regularizers.Regularizers;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model written as a Keras 3 {@code .keras} file and read back by the importer predicts exactly
 * what it predicted before, for every kind of model the exporter writes.
 */
class KerasRoundTripTest {

    @Test
    void everyExportedModelImportsWithIdenticalPredictions() throws IOException {
        List<Sequential> models = new ArrayList<>();
        for (KerasExportTest.Case c : KerasExportTest.cases()) {
            models.add(c.model());
        }
        models.add(masked());
        for (Sequential original : models) {
            Sequential back = KerasModels.load(KerasExport.toBytes(original));
            assertEquals(original.layers().size(), back.layers().size(), original.name() + ": layer count");
            Tensor x = input(original);
            assertArrayEquals(original.predict(x, 3).data(), back.predict(x, 3).data(), 0f,
                    original.name() + ": predictions after .keras export and import");
        }
    }

    @Test
    void regularizersAndConstraintsComeBackAsTheyWere() throws IOException {
        LSTM lstm = LSTM.builder(4).kernelRegularizer(Regularizers.l2(0.03)).activityRegularizer(Regularizers.l1())
                .recurrentConstraint(Constraints.maxNorm(3, 0)).biasConstraint(Constraints.nonNeg()).build();
        Dense dense = Dense.of(2).kernelRegularizer(Regularizers.l1L2(0.01, 0.02)).biasConstraint(Constraints.unitNorm());
        Sequential m = new Sequential("ruled").input(5, 3).add(lstm).add(dense);
        m.build();
        Sequential back = KerasModels.load(KerasExport.toBytes(m));
        assertEquals(lstm.config().rules(), ((LSTM) back.layers().get(0)).config().rules());
        assertEquals(dense.rules(), ((Dense) back.layers().get(1)).rules());
    }

    @Test
    void aSavedFileLoadsFromItsPath() throws IOException {
        Path file = Files.createTempFile("round-trip", ".keras");
        try {
            Sequential original = masked();
            KerasExport.save(original, file);
            Tensor x = input(original);
            assertArrayEquals(original.predict(x, 2).data(), KerasModels.load(file).predict(x, 2).data(), 0f);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Masking in front of an LSTM: every sample ends with padded steps of zeros. */
    private static Sequential masked() {
        Sequential m = new Sequential("masked_lstm").input(6, 3).add(new Masking(0f)).add(LSTM.of(4)).add(Dense.of(2));
        m.build();
        Random r = new Random(11);
        m.parameters().forEach(p -> {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
        });
        return m;
    }

    /** Five samples; token ids for an Embedding model (zeros in the tail, so masks are exercised), values otherwise. */
    private static Tensor input(Sequential m) {
        int[] sample = m.inputShape().dims();
        int size = 1;
        for (int d : sample) {
            size *= d;
        }
        int n = 5;
        float[] x = new float[n * size];
        Random r = new Random(m.name().hashCode());
        boolean tokens = m.layers().get(0) instanceof dev.recurrent.layers.Embedding;
        for (int s = 0; s < n; s++) {
            int keep = size - s % Math.max(1, size / 2);
            for (int i = 0; i < size; i++) {
                boolean padded = i >= keep && sample.length > 0;
                x[s * size + i] = padded ? 0f : tokens ? 1 + r.nextInt(10) : (float) r.nextGaussian();
            }
        }
        int[] shape = new int[sample.length + 1];
        shape[0] = n;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return Tensor.of(x, shape);
    }
}

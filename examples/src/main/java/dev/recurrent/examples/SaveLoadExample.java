package dev.recurrent.examples;

import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Train a model, save it to one file with {@link ModelFiles} (recurrent-io), load it back and
 * predict: the loaded model gives the same predictions, bit for bit, and is compiled as it was.
 */
public final class SaveLoadExample {

    /** The file, the largest difference between the two models' predictions, and their losses on the data. */
    public record Result(Path file, double maxDifference, double lossBefore, double lossAfterLoad) {
    }

    private SaveLoadExample() {
    }

    public static Result saveAndLoad(Path file) throws IOException {
        // a toy task: the sum of 6 numbers in [0, 1), read one per time step; x [256, 6, 1], y [256, 1]
        Random random = new Random(42);
        float[] x = new float[256 * 6];
        float[] y = new float[256];
        for (int i = 0; i < 256; i++) {
            for (int t = 0; t < 6; t++) {
                x[i * 6 + t] = random.nextFloat();
                y[i] += x[i * 6 + t];
            }
        }
        Tensor inputs = Tensor.of(x, 256, 6, 1);
        Tensor targets = Tensor.of(y, 256, 1);

        Sequential model = new Sequential().input(6, 1).seed(3)
                .add(GRU.of(8))
                .add(Dense.of(1))
                .compile(new Adam(0.01), new MeanSquaredError(), "mae");
        model.fit(inputs, targets, FitOptions.defaults().epochs(60).batchSize(32));

        ModelFiles.save(model, file);                      // a zip: model.json + one .npy per weight
        Sequential loaded = ModelFiles.load(file);         // built, with its weights, compiled as saved

        float[] before = model.predict(inputs, 64).data();
        float[] after = loaded.predict(inputs, 64).data();
        double maxDifference = 0;
        for (int i = 0; i < before.length; i++) {
            maxDifference = Math.max(maxDifference, Math.abs(before[i] - after[i]));
        }
        return new Result(file, maxDifference, model.evaluate(inputs, targets, 64).get("loss"),
                loaded.evaluate(inputs, targets, 64).get("loss"));
    }

    /** Usage: {@code SaveLoadExample [FILE]} (default: a new file in the temporary directory). */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0])
                : Files.createTempDirectory("recurrent-example").resolve("sum.model");
        Result r = saveAndLoad(file);
        System.out.printf("saved and loaded %s (%,d bytes): predictions differ by at most %s;"
                + " loss %.5f before, %.5f after%n",
                r.file(), Files.size(r.file()), r.maxDifference(), r.lossBefore(), r.lossAfterLoad());
    }
}

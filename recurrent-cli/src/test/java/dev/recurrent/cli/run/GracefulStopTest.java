package dev.recurrent.cli.run;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.Callback;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import dev.recurrent.optim.Adam;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Ctrl-C does, without sending a signal: {@link GracefulStop#request()} is the hook's first act. */
public class GracefulStopTest {

    private static Sequential model() {
        return new Sequential().input(2, 1).seed(3)
                .add(SimpleRNN.of(2))
                .add(Dense.of(1))
                .compile(new Adam(), new MeanSquaredError());
    }

    private static final Tensor X = Tensor.of(new float[] {0, 1, 1, 0, 1, 1, 0, 0}, 4, 2, 1);
    private static final Tensor Y = Tensor.of(new float[] {1, 1, 0, 0}, 4, 1);

    @Test
    void aRequestStopsTrainingAfterTheCurrentBatch() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        GracefulStop stop = GracefulStop.manual(new PrintStream(err, true));
        int[] batches = {0};
        Callback counter = Callback.atBatchEnd((b, n, logs) -> {
            if (++batches[0] == 6) {
                stop.request();   // as if Ctrl-C came during the 6th batch (epoch 2 of 100, 4 batches each)
            }
        });
        History h = model().fit(X, Y, FitOptions.defaults().epochs(100).batchSize(1).callbacks(counter, stop));
        assertEquals(6, batches[0]);
        assertEquals(2, h.epochs().size(), "the interrupted epoch is still recorded");
        assertTrue(stop.requested());
        assertTrue(err.toString().contains("Interrupted"), err.toString());
        stop.close();
    }

    @Test
    void aModelStartedAfterTheRequestDoesNotTrain() {
        GracefulStop stop = GracefulStop.manual(new PrintStream(new ByteArrayOutputStream()));
        stop.request();
        History h = model().fit(X, Y, FitOptions.defaults().epochs(5).callbacks(stop));
        assertTrue(h.epochs().isEmpty());
    }

    @Test
    void withoutARequestNothingStops() {
        try (GracefulStop stop = GracefulStop.install(new PrintStream(new ByteArrayOutputStream()))) {
            History h = model().fit(X, Y, FitOptions.defaults().epochs(5).callbacks(stop));
            assertEquals(5, h.epochs().size());
            assertFalse(stop.requested());
        }
    }
}

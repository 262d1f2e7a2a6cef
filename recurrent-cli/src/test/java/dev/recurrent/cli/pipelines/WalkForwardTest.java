package dev.recurrent.cli.pipelines;

import dev.recurrent.cli.demos.SalesDemo;
import dev.recurrent.model.Callback;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sales demo's data preparation and walk-forward forecast, against values worked out by hand. */
public class WalkForwardTest {
    private static final double EPS = 1e-5;

    /*
     * raw = 10 12 11 15 14 18, the last 2 months tested.
     * differences: 2 -1 4 -1 4; lag-1 table (previous, difference): (0,2) (2,-1) (-1,4) | (4,-1) (-1,4)
     * training rows 3: column 0 in [-1, 2] -> scale 2/3, min -1/3; column 1 in [-1, 4] -> scale 2/5, min -3/5
     * train x: 0 -> -1/3, 2 -> 1, -1 -> -1;  train y: 2 -> 0.2, -1 -> -1, 4 -> 1
     * test x: 4 -> 7/3, -1 -> -1;            test y: -1 -> -1, 4 -> 1
     * with the forecaster yhat = x / 2:
     *   month 1: 7/6 -> unscaled (7/6 + 3/5) / (2/5) = 4.416667 -> + raw[3] = 15 -> 19.416667 (expected 14)
     *   month 2: -1/2 -> unscaled (-1/2 + 3/5) / (2/5) = 0.25   -> + raw[4] = 14 -> 14.25     (expected 18)
     *   RMSE sqrt((5.416667² + 3.75²) / 2) = 4.658475
     * persistence: 15, 14 against 14, 18 -> sqrt((1 + 16) / 2) = 2.915476
     */
    private static final float[] RAW = {10, 12, 11, 15, 14, 18};

    @Test
    void preparesDifferencesScaledOnTheTrainingRowsOnly() {
        ForecastPipeline.Prepared p = ForecastPipeline.lagOne(RAW, 2);
        assertEquals(3, p.trainRows());
        assertArrayEquals(new int[] {3, 1, 1}, p.trainX().shape());
        assertArrayEquals(new int[] {2, 1, 1}, p.testX().shape());
        assertClose(new double[] {-1.0 / 3, 1, -1}, p.trainX().data());
        assertClose(new double[] {0.2, -1, 1}, p.trainY().data());
        assertClose(new double[] {7.0 / 3, -1}, p.testX().data());   // outside [-1, 1]: fitted on training rows only
        assertClose(new double[] {-1, 1}, p.testY().data());
        assertClose(new double[] {14, 18}, p.expected());
    }

    @Test
    void walkForwardWarmsUpThenInvertsScaleAndDifference() {
        ForecastPipeline.Prepared p = ForecastPipeline.lagOne(RAW, 2);
        List<Float> seen = new ArrayList<>();
        float[][] warmedWith = new float[1][];
        WalkForward.Forecaster half = new WalkForward.Forecaster() {
            @Override
            public void warmUp(Tensor trainX) {
                warmedWith[0] = trainX.data().clone();
            }

            @Override
            public float next(float scaledX) {
                seen.add(scaledX);
                return scaledX / 2;
            }
        };
        float[] predicted = WalkForward.walkForward(half, p);
        assertClose(new double[] {-1.0 / 3, 1, -1}, warmedWith[0]);
        assertEquals(List.of(p.testX().data()[0], p.testX().data()[1]), seen, "each month from the observed previous one");
        assertClose(new double[] {19.416667, 14.25}, predicted);
        assertEquals(4.658475, WalkForward.rmse(p.expected(), predicted), EPS);

        float[] persistence = WalkForward.persistence(p);
        assertClose(new double[] {15, 14}, persistence);
        assertEquals(2.915476, WalkForward.rmse(p.expected(), persistence), EPS);
    }

    @Test
    void theShampooSeriesPersistenceRmseIsTheTutorials() {
        // the tutorial's persistence baseline on its 36 months: RMSE 136.761
        float[] shampoo = {266.0f, 145.9f, 183.1f, 119.3f, 180.3f, 168.5f, 231.8f, 224.5f, 192.8f, 122.9f, 336.5f,
                185.9f, 194.3f, 149.5f, 210.1f, 273.3f, 191.4f, 287.0f, 226.0f, 303.6f, 289.9f, 421.6f, 264.5f, 342.3f,
                339.7f, 440.4f, 315.9f, 439.3f, 401.3f, 437.4f, 575.5f, 407.6f, 682.0f, 475.3f, 581.3f, 646.9f};
        ForecastPipeline.Prepared p = ForecastPipeline.lagOne(shampoo, 12);
        assertEquals(23, p.trainRows());
        assertEquals("136.761", String.format(java.util.Locale.ROOT, "%.3f",
                WalkForward.rmse(p.expected(), WalkForward.persistence(p))));
    }

    @Test
    void checkpointsArePowersOfTwoFromFour() {
        assertArrayEquals(new int[] {4, 8, 16, 32, 64, 128, 256, 512, 1024}, WalkForward.checkpoints(3000, 1024));
        assertArrayEquals(new int[] {4, 8}, WalkForward.checkpoints(15, 1024));
        assertArrayEquals(new int[0], WalkForward.checkpoints(3, 1024));
    }

    @Test
    void refusesASeriesTooShort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastPipeline.lagOne(new float[] {1, 2, 3, 4}, 2));
        assertTrue(e.getMessage().contains("at least 5"), e.getMessage());
    }

    @Test
    void aStatefulModelCarriesItsStateThroughTheForecast() {
        ForecastPipeline.Prepared p = ForecastPipeline.lagOne(RAW, 2);
        Sequential model = SalesDemo.model(SalesDemo.CELLS.get(0), 3, 5);
        WalkForward.Forecaster f = WalkForward.of(model);
        f.warmUp(p.trainX());
        float first = f.next(0.5f), second = f.next(0.5f);
        assertNotEquals(first, second, "the state moved on");
        f.warmUp(p.trainX());
        assertEquals(first, f.next(0.5f), "warmUp starts from a reset state");
        assertArrayEquals(WalkForward.walkForward(f, p), WalkForward.walkForward(f, p));
    }

    @Test
    void measuringTheRmseDuringTrainingDoesNotChangeTheTraining() {
        ForecastPipeline.Prepared p = ForecastPipeline.lagOne(RAW, 2);
        Sequential measured = SalesDemo.model(SalesDemo.CELLS.get(0), 3, 5);
        Sequential plain = SalesDemo.model(SalesDemo.CELLS.get(0), 3, 5);
        WalkForward.StatefulEpochs cb = new WalkForward.StatefulEpochs(p, new int[] {4, 8});
        measured.fit(p.trainX(), p.trainY(), FitOptions.defaults().epochs(8).batchSize(1).shuffle(false).callbacks(cb));
        plain.fit(p.trainX(), p.trainY(), FitOptions.defaults().epochs(8).batchSize(1).shuffle(false)
                .callbacks(Callback.atEpochEnd((e, logs) -> plain.resetStates())));
        for (int i = 0; i < plain.getWeights().size(); i++) {
            assertArrayEquals(plain.getWeights().get(i), measured.getWeights().get(i), "weight " + i);
        }
        double[] rmse = cb.rmse();
        assertEquals(WalkForward.rmse(p.expected(), WalkForward.walkForward(WalkForward.of(plain), p)), rmse[1], 1e-9,
                "the RMSE after 8 epochs is that of the trained model");
        assertTrue(Double.isFinite(rmse[0]));
    }

    private static void assertClose(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], EPS, "at " + i);
        }
    }
}

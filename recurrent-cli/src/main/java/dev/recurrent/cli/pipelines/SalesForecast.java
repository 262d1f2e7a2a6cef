package dev.recurrent.cli.pipelines;

import dev.recurrent.data.Differencing;
import dev.recurrent.data.MinMaxScaler;
import dev.recurrent.data.Supervised;
import dev.recurrent.data.Windows;
import dev.recurrent.model.Callback;
import dev.recurrent.model.Sequential;
import dev.recurrent.model.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The data preparation and the walk-forward test of the shampoo-sales tutorial ("Time Series
 * Forecasting with the Long Short-Term Memory Network in Python"), step for step:
 * <ol>
 *   <li>difference the series (lag 1): L values → L − 1 differences;</li>
 *   <li>lag-1 supervised table of the differences, [L − 1, 2]: column 0 the previous difference
 *       (0 for the first row, pandas' {@code fillna(0)}), column 1 the difference itself;</li>
 *   <li>the last {@code testMonths} rows are the test set, the others the training set;</li>
 *   <li>a {@link MinMaxScaler} to [-1, 1] fitted on the training rows only, per column, applied to both;</li>
 *   <li>x = column 0 as one time step of one feature [N, 1, 1], y = column 1 [N, 1].</li>
 * </ol>
 * The walk-forward forecast ({@link #walkForward}) first runs the model over the training inputs
 * to build the state of its stateful layer, then for each test month predicts the scaled
 * difference from the last observed one, undoes the scaling (column 1) and the differencing (adds
 * the last observed value): {@code inverse_difference(raw, yhat, testMonths + 1 − i)}. The model is
 * not refitted during the test. The persistence forecast predicts each month as the one before.
 */
public final class SalesForecast {

    /** One step ahead from the scaled previous difference; stateful: it remembers the steps before. */
    interface Forecaster {
        /** Forgets the state and runs over the training inputs x [N, 1, 1] to build it up. */
        void warmUp(Tensor trainX);

        /** The scaled next difference for the scaled previous one. */
        float next(float scaledX);
    }

    /** A stateful {@code Sequential} with input (1, 1) as a {@link Forecaster}, batch 1. */
    public static Forecaster of(Sequential model) {
        return new Forecaster() {
            private final float[] one = new float[1];
            private final Tensor x = Tensor.of(one, 1, 1, 1);

            @Override
            public void warmUp(Tensor trainX) {
                model.resetStates();
                model.predict(trainX, 1);
            }

            @Override
            public float next(float scaledX) {
                one[0] = scaledX;
                return model.predict(x, 1).data()[0];
            }
        };
    }

    /**
     * The prepared data.
     *
     * @param raw        the series, L values
     * @param scaler     fitted on the training rows of the lag-1 table of differences, 2 columns
     * @param trainX     [L − 1 − testMonths, 1, 1], scaled; trainY [.., 1]
     * @param testX      [testMonths, 1, 1], scaled; testY [.., 1]
     * @param testMonths the months forecast, the last ones of the series
     */
    public record Prepared(float[] raw, MinMaxScaler scaler, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY,
                    int testMonths) {

        /** The training rows (= the months before the test months, less the first, which has no difference). */
        public int trainRows() {
            return trainX.samples();
        }

        /** The actual values of the test months: the last {@code testMonths} of the series. */
        public float[] expected() {
            return Arrays.copyOfRange(raw, raw.length - testMonths, raw.length);
        }
    }

    private SalesForecast() {
    }

    /** The smallest series: two training rows after differencing, and the test months. */
    public static int minimumLength(int testMonths) {
        return testMonths + 3;
    }

    public static Prepared prepare(float[] raw, int testMonths) {
        if (testMonths < 1) {
            throw new IllegalArgumentException("sales: the test months must be at least 1, got " + testMonths);
        }
        if (raw.length < minimumLength(testMonths)) {
            throw new IllegalArgumentException("sales: a series of " + raw.length + " values is too short for "
                    + testMonths + " test months; it needs at least " + minimumLength(testMonths));
        }
        float[] diff = Differencing.difference(raw, 1);
        Tensor table = Windows.lagged(diff, 1);                    // [L − 1, 2]: previous difference, difference
        int rows = diff.length, trainRows = rows - testMonths;
        Tensor train = table.slice(0, trainRows), test = table.slice(trainRows, rows);
        MinMaxScaler scaler = new MinMaxScaler(-1, 1);
        scaler.fit(train);
        Supervised tr = Windows.lastColumnAsTarget(scaler.transform(train));
        Supervised te = Windows.lastColumnAsTarget(scaler.transform(test));
        return new Prepared(raw.clone(), scaler, tr.x(), tr.y(), te.x(), te.y(), testMonths);
    }

    /**
     * The walk-forward forecast of every test month, as values of the series: warm up on the
     * training inputs, then for test month i predict from the observed previous difference, invert
     * the scaling and the difference.
     */
    public static float[] walkForward(Forecaster model, Prepared data) {
        model.warmUp(data.trainX());
        int n = data.testMonths();
        float[] predictions = new float[n];
        float[] testX = data.testX().data();
        for (int i = 0; i < n; i++) {
            float yhat = model.next(testX[i]);
            yhat = data.scaler().inverseTransform(yhat, 1);                     // invert_scale
            predictions[i] = Differencing.inverse(data.raw(), yhat, n + 1 - i); // inverse_difference
        }
        return predictions;
    }

    /** Each test month forecast as the month before (the baseline to beat). */
    public static float[] persistence(Prepared data) {
        int n = data.testMonths(), len = data.raw().length;
        return Arrays.copyOfRange(data.raw(), len - n - 1, len - 1);
    }

    /** sqrt(mean((expected − predicted)²)), in double. */
    public static double rmse(float[] expected, float[] predicted) {
        if (expected.length != predicted.length || expected.length == 0) {
            throw new IllegalArgumentException("rmse: " + expected.length + " expected values and " + predicted.length
                    + " predictions");
        }
        double sum = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) expected[i] - predicted[i];
            sum += d * d;
        }
        return Math.sqrt(sum / expected.length);
    }

    /** The epochs after which the test RMSE is measured: 4, 8, 16, ... up to min(limit, epochs). */
    public static int[] checkpoints(int epochs, int limit) {
        List<Integer> at = new ArrayList<>();
        for (int e = 4; e <= Math.min(epochs, limit); e *= 2) {
            at.add(e);
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The training loop's part of the tutorial, as a callback: {@code model.reset_states()} after
     * every epoch; and after the epochs of {@code checkpoints}, the walk-forward test RMSE (the state
     * is reset again afterwards, so training goes on as if nothing had been measured: the weights
     * and the optimizer are not touched).
     */
    public static final class StatefulEpochs implements Callback {
        private final Prepared data;
        private final int[] checkpoints;
        private final double[] rmse;
        private Sequential model;

        public StatefulEpochs(Prepared data, int[] checkpoints) {
            this.data = data;
            this.checkpoints = checkpoints.clone();
            this.rmse = new double[checkpoints.length];
            Arrays.fill(rmse, Double.NaN);
        }

        @Override
        public void onTrainBegin(Sequential m) {
            model = m;
            m.resetStates();
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            model.resetStates();
            int i = Arrays.binarySearch(checkpoints, epoch + 1);
            if (i >= 0) {
                rmse[i] = SalesForecast.rmse(data.expected(), walkForward(of(model), data));
                model.resetStates();
            }
        }

        public int[] checkpoints() {
            return checkpoints.clone();
        }

        /** The test RMSE after each checkpoint, NaN where training stopped before it. */
        public double[] rmse() {
            return rmse.clone();
        }
    }
}

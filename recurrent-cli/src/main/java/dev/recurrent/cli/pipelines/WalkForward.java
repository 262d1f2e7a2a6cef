package dev.recurrent.cli.pipelines;

import dev.recurrent.data.Differencing;
import dev.recurrent.model.Callback;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The walk-forward test of the shampoo-sales tutorial ("Time Series Forecasting with the Long
 * Short-Term Memory Network in Python") on data that {@link ForecastPipeline#lagOne} prepared: the
 * model first runs over the training inputs to build the state of its stateful layer, then for each
 * test month predicts the scaled difference from the last observed one, undoes the scaling of the
 * targets and the differencing (adds the last observed value):
 * {@code inverse_difference(raw, yhat, testMonths + 1 − i)}. The model is not refitted during the
 * test. The persistence forecast predicts each month as the one before.
 */
public final class WalkForward {

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

    private WalkForward() {
    }

    /**
     * The walk-forward forecast of every test month, as values of the series: warm up on the
     * training inputs, then for test month i predict from the observed previous difference, invert
     * the scaling and the difference.
     */
    public static float[] walkForward(Forecaster model, ForecastPipeline.Prepared data) {
        model.warmUp(data.trainX());
        int n = data.testMonths();
        float[] predictions = new float[n];
        float[] testX = data.testX().data();
        for (int i = 0; i < n; i++) {
            float yhat = model.next(testX[i]);
            yhat = data.targetScaling().invert(yhat);                             // invert_scale
            predictions[i] = Differencing.inverse(data.raw(), yhat, n + 1 - i); // inverse_difference
        }
        return predictions;
    }

    /** Each test month forecast as the month before (the baseline to beat). */
    public static float[] persistence(ForecastPipeline.Prepared data) {
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
        private final ForecastPipeline.Prepared data;
        private final int[] checkpoints;
        private final double[] rmse;
        private Sequential model;

        public StatefulEpochs(ForecastPipeline.Prepared data, int[] checkpoints) {
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
                rmse[i] = WalkForward.rmse(data.expected(), walkForward(of(model), data));
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

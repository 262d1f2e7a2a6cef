package dev.recurrent.examples;

import dev.recurrent.data.Csv;
import dev.recurrent.data.Differencing;
import dev.recurrent.data.MinMaxScaler;
import dev.recurrent.data.Scaler;
import dev.recurrent.data.Supervised;
import dev.recurrent.data.Windows;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Forecasting monthly airline passengers one month ahead (Box & Jenkins' series G, 1949–1960):
 * difference the series, scale the differences to [-1, 1], cut them into windows of a year, train a
 * small LSTM, and compare its test error with the persistence forecast (next month = this month).
 */
public final class ForecastExample {
    static final int LOOK_BACK = 12;
    static final int TEST_MONTHS = 24;

    /** Test RMSE, in passengers (thousands), of the LSTM and of the persistence forecast. */
    public record Result(double lstmRmse, double persistenceRmse) {
    }

    private ForecastExample() {
    }

    public static Result forecast(Path csv) throws IOException {
        float[] series = Csv.readColumn(csv, "Passengers");                 // 144 months
        float[] diffs = Differencing.difference(series);                     // diffs[j] = series[j + 1] − series[j]

        // the scaler sees only the training months, as a forecaster would
        int trainDiffs = diffs.length - TEST_MONTHS;
        float[] trainPart = Arrays.copyOf(diffs, trainDiffs);
        Scaler scaler = new MinMaxScaler(-1, 1).fit(trainPart);
        float[] scaled = scaler.transform(diffs);

        // window i: the 12 scaled differences diffs[i .. i+11] → diffs[i + 12]; x [N, 12, 1], y [N, 1]
        Supervised windows = Windows.supervised(scaled, LOOK_BACK, 1);
        int trainWindows = trainDiffs - LOOK_BACK;                           // those whose target is a training month
        Supervised train = windows.slice(0, trainWindows);
        Supervised test = windows.slice(trainWindows, windows.samples());

        Sequential model = new Sequential().input(LOOK_BACK, 1).seed(1)
                .add(LSTM.of(16))
                .add(Dense.of(1))
                .compile(new Adam(0.01), new MeanSquaredError());
        model.fit(train.x(), train.y(), FitOptions.defaults().epochs(100).batchSize(8));
        float[] predicted = model.predict(test.x(), 32).data();

        // back to passengers: undo the scaling, then add the month before the one forecast
        double lstm = 0, persistence = 0;
        for (int k = 0; k < test.samples(); k++) {
            int month = trainDiffs + k + 1;                                  // the month forecast, an index of series
            float lastKnown = series[month - 1];
            float forecast = lastKnown + scaler.inverseTransform(predicted[k], 0);
            lstm += sq(forecast - series[month]);
            persistence += sq(lastKnown - series[month]);
        }
        return new Result(Math.sqrt(lstm / test.samples()), Math.sqrt(persistence / test.samples()));
    }

    private static double sq(double v) {
        return v * v;
    }

    /** Usage: {@code ForecastExample [airline-passengers.csv]} (default: data/airline-passengers.csv). */
    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "data/airline-passengers.csv");
        Result r = forecast(csv);
        System.out.printf("test RMSE over the last %d months: LSTM %.1f, persistence %.1f (thousands of passengers)%n",
                TEST_MONTHS, r.lstmRmse(), r.persistenceRmse());
    }
}

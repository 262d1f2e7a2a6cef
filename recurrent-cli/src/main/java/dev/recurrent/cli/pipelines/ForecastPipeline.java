package dev.recurrent.cli.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.data.Csv;
import dev.recurrent.data.Differencing;
import dev.recurrent.data.MalformedDataException;
import dev.recurrent.data.Supervised;
import dev.recurrent.data.Windows;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code recurrent train forecast} turns a series into windows and predictions back into values,
 * and how {@code recurrent predict} repeats it with the saved parameters: the one piece of code both
 * use, so that a saved model forecasts exactly as the trained one did.
 *
 * <p>For a series S of L values:
 * <ol>
 *   <li>with {@code difference} 1, z[j] = S[j + 1] − S[j] (L − 1 values); with 0, z = S;</li>
 *   <li>z is scaled ({@link Scaling}: min-max to [−1, 1], standardized, or not), with parameters
 *       fitted on the training part only;</li>
 *   <li>window i: x = z[i, i + lookBack) as [lookBack, 1], y = z[i + lookBack, i + lookBack + horizon);
 *       N = len(z) − lookBack − horizon + 1 windows, the first train, the last (a fraction) test.</li>
 * </ol>
 * A prediction (the H scaled outputs of one window) is unscaled, and with differencing added up from
 * the last value the window saw, S[i + lookBack + difference − 1]. The multi-step forecast beyond the
 * end is recursive: each window's H outputs are appended to it (the oldest values dropped) to make
 * the next, until the steps asked for are produced.
 */
public final class ForecastPipeline {

    /** The scalers {@code --scale} offers. */
    public enum Scale { minmax, standard, none }

    /**
     * The data of the shampoo-sales tutorial's stateful forecast ({@link WalkForward}), made by this pipeline
     * with look-back 1, horizon 1 and differencing, the test set the last {@code testMonths} windows.
     *
     * @param raw            the series, L values
     * @param inputScaling   fitted on the training inputs; targetScaling on the training targets
     * @param trainX         [L − 1 − testMonths, 1, 1], scaled; trainY [.., 1]
     * @param testX          [testMonths, 1, 1], scaled; testY [.., 1]
     * @param testMonths     the months forecast, the last ones of the series
     */
    public record Prepared(float[] raw, Scaling inputScaling, Scaling targetScaling, Tensor trainX, Tensor trainY,
                           Tensor testX, Tensor testY, int testMonths) {

        /** The training rows (= the months before the test months, less the first, which has no difference). */
        public int trainRows() {
            return trainX.samples();
        }

        /** The actual values of the test months: the last {@code testMonths} of the series. */
        public float[] expected() {
            return Arrays.copyOfRange(raw, raw.length - testMonths, raw.length);
        }
    }

    /** A column of a CSV file. */
    public record Series(Path file, String column, float[] values) {
        public int length() {
            return values.length;
        }
    }

    public final String column;
    public final int lookBack, horizon, difference;
    final Scaling scaling;

    public ForecastPipeline(String column, int lookBack, int horizon, int difference, Scaling scaling) {
        this.column = column;
        this.lookBack = lookBack;
        this.horizon = horizon;
        this.difference = difference;
        this.scaling = scaling;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Column {@code column} of {@code file}: by name, or by index (from 0) when no column has that
     * name; null means the last column. Every problem is an {@link InputError} naming the file (and
     * the line, the column and the cell, or the known columns).
     */
    public static Series read(Path file, String column) {
        try {
            List<String> header = Csv.header(file);
            String name;
            float[] values;
            if (column == null) {
                name = header.get(header.size() - 1);
                values = Csv.readColumn(file, header.size() - 1);
            } else if (!header.contains(column) && column.matches("\\d{1,9}")) {
                int index = Integer.parseInt(column);
                values = Csv.readColumn(file, index);   // an index past the end: the columns are listed
                name = header.get(index);
            } else {
                values = Csv.readColumn(file, column);
                name = column;
            }
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new InputError(file + ", column \"" + name + "\": value " + (i + 1)
                            + " is too large for a float (" + values[i] + ")");
                }
            }
            return new Series(file, name, values);
        } catch (MalformedDataException | NoSuchFileException e) {
            throw new InputError(e.getMessage(), e);
        } catch (IOException e) {
            throw new InputError("cannot read " + file + ": " + e, e);
        }
    }

    /** The smallest series {@link #lagOne} takes: two training rows after differencing, and the test months. */
    public static int lagOneMinimumLength(int testMonths) {
        return testMonths + 3;
    }

    /**
     * The tutorial's preparation, step for step: the series differenced; the differences with one 0 in front
     * (pandas' {@code fillna(0)} of its lag-1 table), so that the first difference is a target too; windows of
     * one step and one target; the last {@code testMonths} windows for the test; inputs and targets min-max
     * scaled to [-1, 1] apart (the tutorial scales the two columns of its table), fitted on the training
     * windows only.
     */
    public static Prepared lagOne(float[] raw, int testMonths) {
        if (testMonths < 1) {
            throw new IllegalArgumentException("sales: the test months must be at least 1, got " + testMonths);
        }
        if (raw.length < lagOneMinimumLength(testMonths)) {
            throw new IllegalArgumentException("sales: a series of " + raw.length + " values is too short for "
                    + testMonths + " test months; it needs at least " + lagOneMinimumLength(testMonths));
        }
        ForecastPipeline pipeline = new ForecastPipeline(null, 1, 1, 1, null);
        float[] z = pipeline.differenced(raw);
        float[] padded = new float[z.length + 1];
        System.arraycopy(z, 0, padded, 1, z.length);
        Supervised windows = pipeline.windows(padded);                     // x: previous difference, y: difference
        int rows = z.length, trainRows = rows - testMonths;
        float[] x = windows.x().data(), y = windows.y().data();
        float[] trainX = Arrays.copyOfRange(x, 0, trainRows), trainY = Arrays.copyOfRange(y, 0, trainRows);
        Scaling in = Scaling.fit(Scale.minmax, trainX), out = Scaling.fit(Scale.minmax, trainY);
        return new Prepared(raw.clone(), in, out, Tensor.of(in.apply(trainX), trainRows, 1, 1),
                Tensor.of(out.apply(trainY), trainRows, 1),
                Tensor.of(in.apply(Arrays.copyOfRange(x, trainRows, rows)), testMonths, 1, 1),
                Tensor.of(out.apply(Arrays.copyOfRange(y, trainRows, rows)), testMonths, 1), testMonths);
    }

    /** Values given on the command line ({@code --input "1 2 3"}), whitespace- or comma-separated. */
    static float[] parseValues(String text) {
        String[] parts = text.strip().split("[\\s,]+");
        if (text.isBlank()) {
            throw new InputError("--input is empty; expected numbers such as \"112 118 132\"");
        }
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new InputError("--input: value " + (i + 1) + " \"" + parts[i] + "\" is not a number");
            }
            if (!Float.isFinite(v[i])) {
                throw new InputError("--input: value " + (i + 1) + " \"" + parts[i] + "\" is not a finite number");
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ the data

    /** The fewest values that give two windows (one to train, one to test). */
    public static int minimumLength(int lookBack, int horizon, int difference) {
        return lookBack + horizon + 1 + difference;
    }

    /** The values a forecast starts from: the last {@code lookBack} (+ 1 with differencing). */
    public int inputLength() {
        return lookBack + difference;
    }

    /** z: the series differenced (or not), not yet scaled; L − difference values. */
    public float[] differenced(float[] series) {
        return difference == 1 ? Differencing.difference(series, 1) : series.clone();
    }

    /** The windows over the scaled z: x [N, lookBack, 1], y [N, horizon]. */
    public Supervised windows(float[] scaledZ) {
        return Windows.supervised(scaledZ, lookBack, horizon);
    }

    /** Windows from the series: N. */
    public int windowCount(int seriesLength) {
        return seriesLength - difference - lookBack - horizon + 1;
    }

    /** The values of z that training windows [0, trainWindows) touch, inputs and targets: the scaler is fitted on them. */
    public int fittedLength(int trainWindows) {
        return trainWindows - 1 + lookBack + horizon;
    }

    /** Index in the series of the last value window i sees (its persistence forecast). */
    public int lastSeen(int window) {
        return window + lookBack + difference - 1;
    }

    /**
     * The H scaled outputs {@code out[offset, offset + H)} of a window as values of the series:
     * unscaled, and with differencing added up from {@code lastValue}, the last value the window saw.
     */
    public float[] toValues(float[] out, int offset, float lastValue) {
        float[] v = new float[horizon];
        double last = lastValue;
        for (int h = 0; h < horizon; h++) {
            float z = scaling.invert(out[offset + h]);
            v[h] = difference == 1 ? (float) (last + z) : z;
            last = v[h];
        }
        return v;
    }

    /**
     * The recursive forecast of {@code steps} values after the end of {@code series} (at least
     * {@link #inputLength()} values): the last window is predicted, its H outputs appended to it,
     * and so on. Batch 1, so {@code train} and {@code predict} compute it the same way.
     */
    /** The model's input for the end of {@code series} (at least {@link #inputLength()} values): the last look-back values, differenced and scaled. */
    public float[] lastWindow(float[] series) {
        float[] tail = Arrays.copyOfRange(series, series.length - inputLength(), series.length);
        return scaling.apply(Arrays.copyOfRange(differenced(tail), 0, lookBack));
    }

    public float[] forecast(Sequential model, float[] series, int steps) {
        if (series.length < inputLength()) {
            throw new InputError("a forecast needs the last " + inputLength() + " values of the series (look-back "
                    + lookBack + (difference == 1 ? ", plus one for the differencing" : "") + "), got "
                    + series.length);
        }
        float[] window = lastWindow(series);
        float last = series[series.length - 1];
        float[] result = new float[steps];
        for (int produced = 0; produced < steps; ) {
            float[] out = model.predict(Tensor.of(window.clone(), 1, lookBack, 1), 1).data();
            float[] values = toValues(out, 0, last);
            for (int h = 0; h < horizon && produced < steps; h++) {
                result[produced++] = values[h];
                last = values[h];
                System.arraycopy(window, 1, window, 0, lookBack - 1);
                window[lookBack - 1] = out[h];
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ the sidecar

    /** A series given on the command line, and how to name it in messages. */
    public record Given(float[] values, String source) {
    }

    /** The series of {@code --csv FILE} (its column {@code column}), else the numbers of {@code --input}. */
    public static Given given(Path csv, String column, String input) {
        if (csv != null) {
            Series s = read(csv, column);
            return new Given(s.values(), "column \"" + s.column() + "\" of " + csv);
        }
        return new Given(parseValues(input), "--input");
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("column", column);
        m.put("look_back", lookBack);
        m.put("horizon", horizon);
        m.put("difference", difference);
        m.put("scaler", scaling.toJson());
        return m;
    }

    public static ForecastPipeline fromJson(JsonNode sidecar, Path model) {
        int lookBack = Sidecar.field(sidecar, model, "preprocessing", "look_back").asInt();
        int horizon = Sidecar.field(sidecar, model, "preprocessing", "horizon").asInt();
        int difference = Sidecar.field(sidecar, model, "preprocessing", "difference").asInt();
        if (lookBack < 1 || horizon < 1 || (difference != 0 && difference != 1)) {
            throw new InputError(Sidecar.pathFor(model) + ": look_back " + lookBack + ", horizon " + horizon
                    + ", difference " + difference + " are not valid (expected >= 1, >= 1, 0 or 1)");
        }
        return new ForecastPipeline(Sidecar.field(sidecar, model, "preprocessing", "column").asText(), lookBack,
                horizon, difference, Scaling.fromJson(Sidecar.field(sidecar, model, "preprocessing", "scaler"), model));
    }

    /** Checks that {@code model} takes this pipeline's windows and gives H values. */
    public void checkModel(Sequential model, Path file) {
        int[] in = model.inputShape().dims(), out = model.outputShape().dims();
        if (in.length != 2 || in[0] != lookBack || in[1] != 1 || out.length != 1 || out[0] != horizon) {
            throw new InputError(file + ": the model takes " + model.inputShape() + " and gives " + model.outputShape()
                    + ", but its sidecar says look-back " + lookBack + " and horizon " + horizon
                    + ", i.e. (" + lookBack + ", 1) and (" + horizon + ")");
        }
    }

    /** A value as printed by train and predict: its shortest decimal form, to 4 places. */
    static String format(float v) {
        return String.format(Locale.ROOT, "%.4f", Double.parseDouble(Float.toString(v)));
    }

    /** The forecast lines, {@code  +1  449.1234}, as train and predict print them. */
    public static String forecastLines(float[] values) {
        StringBuilder s = new StringBuilder();
        int width = String.valueOf(values.length).length() + 1;
        for (int i = 0; i < values.length; i++) {
            s.append(String.format(Locale.ROOT, "  %" + width + "s  %s%n", "+" + (i + 1), format(values[i])));
        }
        return s.toString();
    }
}

package dev.recurrent.metrics;

import dev.recurrent.loss.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Metrics by the names Keras 3 accepts in {@code compile(metrics=[...])}, named as Keras names
 * them in the history: by the string given ({@code "acc"} stays {@code "acc"}, {@code "mae"} stays
 * {@code "mae"}); the loss is {@code "loss"}, and each key of a validation pass gets
 * {@code "val_"} in front ({@link #validationKey}).
 */
public final class Metrics {

    /** The prefix Keras puts before the history keys of a validation pass. */
    public static final String VALIDATION_PREFIX = "val_";

    private record Entry(List<String> names, Function<String, Metric> factory) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry(List.of("binary_accuracy", "BinaryAccuracy"), BinaryAccuracy::new),
            new Entry(List.of("categorical_accuracy", "CategoricalAccuracy"), CategoricalAccuracy::new),
            new Entry(List.of("sparse_categorical_accuracy", "SparseCategoricalAccuracy"),
                    SparseCategoricalAccuracy::new),
            new Entry(List.of("mean_absolute_error", "mae", "MAE", "MeanAbsoluteError"), MeanAbsoluteError::new),
            new Entry(List.of("mean_squared_error", "mse", "MSE", "MeanSquaredError"), MeanSquaredError::new),
            // "rmse" is Recurrent's own alias: Keras 3's metrics.get does not know it.
            new Entry(List.of("root_mean_squared_error", "rmse", "RootMeanSquaredError"), RootMeanSquaredError::new));

    private static final Map<String, Function<String, Metric>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Entry e : ENTRIES) {
            for (String n : e.names()) {
                BY_NAME.put(n, e.factory());
            }
        }
    }

    private Metrics() {
    }

    /**
     * The metric Keras 3 builds for {@code name} on an output with {@code predColumns} columns
     * trained with {@code loss}, named {@code name}.
     *
     * <p>{@code "accuracy"} and {@code "acc"} (any case) are resolved as Keras 3's
     * {@code compile_utils.get_metric} does, from the shapes of the targets and the predictions:
     * one output column → {@link BinaryAccuracy}; else targets of one value per row (class indices,
     * here: {@code loss.targetColumns(predColumns) == 1}) → {@link SparseCategoricalAccuracy}; else
     * {@link CategoricalAccuracy}. A {@code null} loss means targets shaped like the predictions.
     * Other names are case-sensitive, as in Keras.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones, or
     *                                  {@code predColumns < 1}
     */
    public static Metric byName(String name, Loss loss, int predColumns) {
        if (predColumns < 1) {
            throw new IllegalArgumentException("Metric '" + name + "': expected the output's last dimension >= 1, got "
                    + predColumns);
        }
        if (name != null) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("accuracy") || lower.equals("acc")) {
                int targetColumns = loss == null ? predColumns : loss.targetColumns(predColumns);
                if (predColumns == 1) {
                    return new BinaryAccuracy(name);
                }
                return targetColumns == 1 ? new SparseCategoricalAccuracy(name) : new CategoricalAccuracy(name);
            }
            Function<String, Metric> factory = BY_NAME.get(name);
            if (factory != null) {
                return factory.apply(name);
            }
        }
        StringBuilder msg = new StringBuilder("Unknown metric: '").append(name).append("'.");
        if (name != null) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (String known : BY_NAME.keySet()) {
                if (known.toLowerCase(Locale.ROOT).equals(lower)) {
                    msg.append(" Did you mean '").append(known).append("'? Names are case-sensitive, as in Keras.");
                    break;
                }
            }
        }
        msg.append(" Known metrics: accuracy (acc; binary, categorical or sparse categorical by the output and"
                + " targets)");
        for (Entry e : ENTRIES) {
            msg.append(", ").append(e.names().get(0));
            if (e.names().size() > 1) {
                msg.append(" (").append(String.join(", ", e.names().subList(1, e.names().size()))).append(')');
            }
        }
        throw new IllegalArgumentException(msg.append('.').toString());
    }

    /** The history key of {@code name} for a validation pass: {@code "val_" + name}. */
    public static String validationKey(String name) {
        return VALIDATION_PREFIX + name;
    }
}

package dev.recurrent.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Losses by the names Keras 3 accepts in {@code compile(loss=...)}: the function name, the class
 * name and the short aliases of {@code keras.losses.get}. As in Keras, names are case-sensitive and
 * the cross-entropies are built on probabilities ({@code from_logits=False}); construct the class
 * to take logits.
 */
public final class Losses {

    private record Entry(String name, List<String> aliases, Supplier<Loss> factory) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("mean_squared_error", List.of("mse", "MSE", "MeanSquaredError"), MeanSquaredError::new),
            new Entry("mean_absolute_error", List.of("mae", "MAE", "MeanAbsoluteError"), MeanAbsoluteError::new),
            new Entry("binary_crossentropy", List.of("bce", "BCE", "BinaryCrossentropy"), BinaryCrossentropy::new),
            new Entry("categorical_crossentropy", List.of("CategoricalCrossentropy"), CategoricalCrossentropy::new),
            new Entry("sparse_categorical_crossentropy", List.of("SparseCategoricalCrossentropy"),
                    SparseCategoricalCrossentropy::new));

    private static final Map<String, Supplier<Loss>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Entry e : ENTRIES) {
            BY_NAME.put(e.name(), e.factory());
            for (String alias : e.aliases()) {
                BY_NAME.put(alias, e.factory());
            }
        }
    }

    private Losses() {
    }

    /**
     * The loss Keras 3 resolves {@code name} to, e.g. {@code "mse"} → {@link MeanSquaredError},
     * {@code "categorical_crossentropy"} → {@link CategoricalCrossentropy} on probabilities.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Loss byName(String name) {
        Supplier<Loss> factory = name == null ? null : BY_NAME.get(name);
        if (factory != null) {
            return factory.get();
        }
        StringBuilder msg = new StringBuilder("Unknown loss: '").append(name).append("'.");
        if (name != null) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("crossentropy") || lower.equals("ce")) {
                msg.append(" Keras picks '").append(name).append("' from the output shape; name the loss:"
                        + " binary_crossentropy (one output column), sparse_categorical_crossentropy (class"
                        + " indices) or categorical_crossentropy (one-hot targets).");
            } else {
                for (String known : BY_NAME.keySet()) {
                    if (known.toLowerCase(Locale.ROOT).equals(lower)) {
                        msg.append(" Did you mean '").append(known).append("'? Names are case-sensitive, as in Keras.");
                        break;
                    }
                }
            }
        }
        msg.append(" Known losses: ");
        for (int i = 0; i < ENTRIES.size(); i++) {
            Entry e = ENTRIES.get(i);
            msg.append(i == 0 ? "" : ", ").append(e.name()).append(" (").append(String.join(", ", e.aliases()))
                    .append(')');
        }
        return fail(msg.append('.').toString());
    }

    private static Loss fail(String message) {
        throw new IllegalArgumentException(message);
    }
}

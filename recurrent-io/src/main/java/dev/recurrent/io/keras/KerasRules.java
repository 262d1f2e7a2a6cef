package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.MaskingMode;
import dev.recurrent.layers.WeightRules;
import dev.recurrent.regularizers.Constraint;
import dev.recurrent.regularizers.Constraints;
import dev.recurrent.regularizers.Regularizer;
import dev.recurrent.regularizers.Regularizers;

/**
 * A Keras layer's regularizers, constraints and {@code zero_output_for_mask}, read into Recurrent's
 * own, so that an imported model trains on as it would in Keras. One Keras does not have by these
 * names (a custom object, the orthogonal regularizer) is refused with the option named. Keras 1's
 * {@code W_regularizer} and the like are not read.
 */
final class KerasRules {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasRules() {
    }

    /** The rules of a recurrent layer ({@code recurrent}) or of a Dense layer. */
    static WeightRules read(KerasLayerConfig c, boolean recurrent) throws KerasImportException {
        return new WeightRules(regularizer(c, "kernel_regularizer"),
                recurrent ? regularizer(c, "recurrent_regularizer") : null,
                regularizer(c, "bias_regularizer"), regularizer(c, "activity_regularizer"),
                constraint(c, "kernel_constraint"),
                recurrent ? constraint(c, "recurrent_constraint") : null,
                constraint(c, "bias_constraint"));
    }

    /** Keras' {@code zero_output_for_mask}. */
    static MaskingMode masking(KerasLayerConfig c) throws KerasImportException {
        return c.bool(false, "zero_output_for_mask") ? MaskingMode.ZERO_OUTPUT : MaskingMode.KERAS;
    }

    /** {@code dense} with the rules of {@code c}. */
    static Dense apply(KerasLayerConfig c, Dense dense) throws KerasImportException {
        return dense.rules(read(c, false));
    }

    private static Regularizer regularizer(KerasLayerConfig c, String... keys) throws KerasImportException {
        JsonNode v = c.get(keys);
        if (v == null) {
            return null;
        }
        try {
            return Regularizers.fromConfig(JSON.convertValue(v, Object.class));
        } catch (IllegalArgumentException e) {
            throw c.refuse(keys[0], e.getMessage() + "; save the model without it to import it");
        }
    }

    private static Constraint constraint(KerasLayerConfig c, String... keys) throws KerasImportException {
        JsonNode v = c.get(keys);
        if (v == null) {
            return null;
        }
        try {
            return Constraints.fromConfig(JSON.convertValue(v, Object.class));
        } catch (IllegalArgumentException e) {
            throw c.refuse(keys[0], e.getMessage() + "; save the model without it to import it");
        }
    }
}

package dev.recurrent.io.keras;

import dev.recurrent.init.Initializer;

import java.util.LinkedHashMap;
import java.util.Map;

/** An initializer as Keras 3 serializes it in {@code config.json}: module, class name, config, registered name. */
final class KerasInitializerConfig {
    private KerasInitializerConfig() {
    }

    static Map<String, Object> of(Initializer init) {
        Map<String, Double> args = init.arguments();
        Map<String, Object> config = new LinkedHashMap<>();
        String className;
        switch (init.name()) {
            case "zeros":
                className = "Zeros";
                break;
            case "ones":
                className = "Ones";
                break;
            case "constant":
                className = "Constant";
                config.put("value", args.get("value"));
                break;
            case "random_normal":
            case "truncated_normal":
                className = init.name().equals("random_normal") ? "RandomNormal" : "TruncatedNormal";
                config.put("seed", null);
                config.put("mean", args.get("mean"));
                config.put("stddev", args.get("stddev"));
                break;
            case "random_uniform":
                className = "RandomUniform";
                config.put("seed", null);
                config.put("minval", args.get("minval"));
                config.put("maxval", args.get("maxval"));
                break;
            case "orthogonal":
                className = "OrthogonalInitializer";
                config.put("seed", null);
                config.put("gain", args.get("gain"));
                break;
            case "identity":
                className = "IdentityInitializer";
                config.put("gain", args.get("gain"));
                break;
            default:
                // glorot_*, he_*, lecun_*: Keras 3 writes only their seed
                className = init.className();
                config.put("seed", null);
        }
        return KerasConfigJson.object("keras.initializers", className, config);
    }

    /** Keras' default {@code embeddings_initializer}, {@code "uniform"}: RandomUniform(-0.05, 0.05). */
    static Map<String, Object> embeddingsDefault() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("seed", null);
        config.put("minval", -0.05);
        config.put("maxval", 0.05);
        return KerasConfigJson.object("keras.initializers", "RandomUniform", config);
    }
}

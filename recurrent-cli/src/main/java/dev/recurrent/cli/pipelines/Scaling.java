package dev.recurrent.cli.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.data.MinMaxScaler;
import dev.recurrent.data.StandardScaler;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted scaler as an affine map of one feature, in double, rounded to float once, exactly as
 * {@link MinMaxScaler} and {@link StandardScaler} compute it: minmax {@code x·scale + min}
 * (inverse {@code (y − min) / scale}); standard {@code (x − mean) / scale} (inverse
 * {@code y·scale + mean}); none, x itself.
 *
 * @param a minmax: scale; standard: mean
 * @param b minmax: min; standard: scale
 */
public record Scaling(ForecastPipeline.Scale type, double a, double b) {
    static final double LO = -1, HI = 1;

    /** Fits the scaler to {@code values} (the training part). */
    public static Scaling fit(ForecastPipeline.Scale type, float[] values) {
        switch (type) {
            case minmax: {
                MinMaxScaler s = new MinMaxScaler(LO, HI);
                s.fit(values);
                return new Scaling(type, s.scale()[0], s.min()[0]);
            }
            case standard: {
                StandardScaler s = new StandardScaler();
                s.fit(values);
                return new Scaling(type, s.mean()[0], s.scale()[0]);
            }
            default:
                return new Scaling(ForecastPipeline.Scale.none, 1, 0);
        }
    }

    public float apply(float x) {
        switch (type) {
            case minmax: return (float) (x * a + b);
            case standard: return (float) ((x - a) / b);
            default: return x;
        }
    }

    float invert(float y) {
        switch (type) {
            case minmax: return (float) ((y - b) / a);
            case standard: return (float) (y * b + a);
            default: return y;
        }
    }

    public float[] apply(float[] xs) {
        float[] out = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = apply(xs[i]);
        }
        return out;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.name());
        if (type == ForecastPipeline.Scale.minmax) {
            m.put("feature_range", List.of(LO, HI));
            m.put("scale", a);
            m.put("min", b);
        } else if (type == ForecastPipeline.Scale.standard) {
            m.put("mean", a);
            m.put("scale", b);
        }
        return m;
    }

    public static Scaling fromJson(JsonNode n, Path model) {
        String t = Sidecar.field(n, model, "type").asText();
        switch (t) {
            case "minmax":
                return new Scaling(ForecastPipeline.Scale.minmax, number(n, model, "scale"), number(n, model, "min"));
            case "standard":
                return new Scaling(ForecastPipeline.Scale.standard, number(n, model, "mean"), number(n, model, "scale"));
            case "none":
                return new Scaling(ForecastPipeline.Scale.none, 1, 0);
            default:
                throw new InputError(Sidecar.pathFor(model) + ": unknown scaler type \"" + t
                        + "\"; expected minmax, standard or none");
        }
    }

    private static double number(JsonNode scaler, Path model, String key) {
        JsonNode v = scaler.path(key);
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || (key.equals("scale") && v.asDouble() == 0)) {
            throw new InputError(Sidecar.pathFor(model) + ": preprocessing.scaler." + key + " is " + v
                    + "; expected a finite number" + (key.equals("scale") ? ", not 0" : ""));
        }
        return v.asDouble();
    }

    /** For messages and the report, e.g. {@code min-max to [-1, 1]}. */
    public String describe() {
        switch (type) {
            case minmax: return "min-max to [-1, 1]";
            case standard: return "standardized (mean 0, standard deviation 1)";
            default: return "not scaled";
        }
    }
}

package dev.recurrent.layers.attention;

import dev.recurrent.init.Initializers;
import dev.recurrent.layers.Parameter;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Additive (Bahdanau) attention, as Keras' {@code AdditiveAttention}. Raw scores per query step i
 * and value step j: {@code Σ_d scale_d · tanh(q_id + k_jd)}, with {@code scale} = 1 without
 * {@code use_scale}. Weight: {@code scale} [D] (with {@code use_scale}, the default), glorot_uniform.
 * Masks, softmax, dropout and output: see {@link AttentionLayer}.
 */
public final class AdditiveAttention extends AttentionLayer {
    private final boolean useScale;
    private Parameter scale;
    /** [D] the scale's gradient summed in double before it is added. */
    private double[] dScale;

    /** Keras' defaults: a scale vector, no dropout. */
    public AdditiveAttention() {
        this("additive_attention", true, 0f);
    }

    public AdditiveAttention(String name, boolean useScale, float dropout) {
        super(name, dropout);
        this.useScale = useScale;
    }

    @Override
    public String type() {
        return "AdditiveAttention";
    }

    public boolean useScale() {
        return useScale;
    }

    @Override
    protected void createParameters(int dim, long seed) {
        if (useScale) {
            scale = new Parameter("scale", dim);
            dScale = new double[dim];
            Initializers.glorotUniform(scale.value(), dim, dim, new Random(seed));
        }
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        return scale == null ? List.of() : List.of(scale);
    }

    @Override
    protected void computeScores(float[] query, float[] key, Dims d, float[] raw) {
        int tq = d.querySteps(), tv = d.valueSteps(), dim = d.dim();
        float[] s = scale == null ? null : scale.value();
        for (int b = 0; b < d.batch(); b++) {
            for (int i = 0; i < tq; i++) {
                int qo = (b * tq + i) * dim;
                for (int j = 0; j < tv; j++) {
                    int ko = (b * tv + j) * dim;
                    double sum = 0;
                    for (int c = 0; c < dim; c++) {
                        double t = Math.tanh(query[qo + c] + key[ko + c]);
                        sum += s == null ? t : s[c] * t;
                    }
                    raw[(b * tq + i) * tv + j] = (float) sum;
                }
            }
        }
    }

    @Override
    protected void scoresBackward(float[] dRaw, float[] query, float[] key, Dims d, float[] dQuery, float[] dKey) {
        int tq = d.querySteps(), tv = d.valueSteps(), dim = d.dim();
        float[] s = scale == null ? null : scale.value();
        if (dScale != null) {
            Arrays.fill(dScale, 0.0);
        }
        for (int b = 0; b < d.batch(); b++) {
            for (int i = 0; i < tq; i++) {
                int qo = (b * tq + i) * dim;
                for (int j = 0; j < tv; j++) {
                    float g = dRaw[(b * tq + i) * tv + j];
                    if (g == 0f) {
                        continue;
                    }
                    int ko = (b * tv + j) * dim;
                    for (int c = 0; c < dim; c++) {
                        double t = Math.tanh(query[qo + c] + key[ko + c]);
                        if (dScale != null) {
                            dScale[c] += g * t;
                        }
                        double du = g * (s == null ? 1.0 : s[c]) * (1 - t * t);
                        dQuery[qo + c] += (float) du;
                        dKey[ko + c] += (float) du;
                    }
                }
            }
        }
        if (scale != null) {
            float[] grad = scale.grad();
            for (int c = 0; c < dim; c++) {
                grad[c] += (float) dScale[c];
            }
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("use_scale", useScale);
        c.put("dropout", (double) dropout());
        return c;
    }
}

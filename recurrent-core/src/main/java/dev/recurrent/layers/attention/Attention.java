package dev.recurrent.layers.attention;

import dev.recurrent.layers.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dot-product (Luong) attention, as Keras' {@code Attention}. Raw scores per query step i and value
 * step j:
 * <ul>
 *   <li>{@code score_mode="dot"}: {@code q_i·k_j}, times the scalar {@code scale} with
 *       {@code use_scale};</li>
 *   <li>{@code score_mode="concat"}: {@code concat_score_weight · Σ_d tanh(scale·(q_id + k_jd))}
 *       ({@code scale} only with {@code use_scale}).</li>
 * </ul>
 * Weights: {@code scale} [] (with {@code use_scale}), then {@code concat_score_weight} [] (concat
 * mode), both starting at 1. Masks, softmax, dropout and output: see {@link AttentionLayer}.
 */
public final class Attention extends AttentionLayer {
    private final boolean useScale;
    private final String scoreMode;
    private final boolean concat;
    private Parameter scale, concatScoreWeight;

    /** Keras' defaults: no scale, dot scores, no dropout. */
    public Attention() {
        this("attention", false, "dot", 0f);
    }

    public Attention(String name, boolean useScale, String scoreMode, float dropout) {
        super(name, dropout);
        String mode = scoreMode == null ? "dot" : scoreMode.toLowerCase(Locale.ROOT);
        if (!mode.equals("dot") && !mode.equals("concat")) {
            throw new IllegalArgumentException(name + ": received an invalid value for argument `score_mode`,"
                    + " expected one of {\"dot\", \"concat\"}, got '" + scoreMode + "'");
        }
        this.useScale = useScale;
        this.scoreMode = mode;
        this.concat = mode.equals("concat");
    }

    @Override
    public String type() {
        return "Attention";
    }

    public boolean useScale() {
        return useScale;
    }

    /** {@code "dot"} or {@code "concat"}. */
    public String scoreMode() {
        return scoreMode;
    }

    @Override
    protected void createParameters(int dim, long seed) {
        if (useScale) {
            scale = new Parameter("scale");
            scale.value()[0] = 1f;
        }
        if (concat) {
            concatScoreWeight = new Parameter("concat_score_weight");
            concatScoreWeight.value()[0] = 1f;
        }
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        List<Parameter> p = new ArrayList<>(2);
        if (scale != null) {
            p.add(scale);
        }
        if (concatScoreWeight != null) {
            p.add(concatScoreWeight);
        }
        return List.copyOf(p);
    }

    private float scaleValue() {
        return scale == null ? 1f : scale.value()[0];
    }

    @Override
    protected void computeScores(float[] query, float[] key, Dims d, float[] raw) {
        int tq = d.querySteps(), tv = d.valueSteps(), dim = d.dim();
        float s = scaleValue();
        if (!concat) {
            for (int b = 0; b < d.batch(); b++) {
                kernels().gemm(false, true, tq, tv, dim, query, b * tq * dim, dim, key, b * tv * dim, dim,
                        false, raw, b * tq * tv, tv);
            }
            if (scale != null) {
                for (int i = 0; i < d.batch() * tq * tv; i++) {
                    raw[i] *= s;
                }
            }
            return;
        }
        float w = concatScoreWeight.value()[0];
        for (int b = 0; b < d.batch(); b++) {
            for (int i = 0; i < tq; i++) {
                int qo = (b * tq + i) * dim;
                for (int j = 0; j < tv; j++) {
                    int ko = (b * tv + j) * dim;
                    double sum = 0;
                    for (int c = 0; c < dim; c++) {
                        sum += Math.tanh(s * (query[qo + c] + key[ko + c]));
                    }
                    raw[(b * tq + i) * tv + j] = (float) (w * sum);
                }
            }
        }
    }

    @Override
    protected void scoresBackward(float[] dRaw, float[] query, float[] key, Dims d, float[] dQuery, float[] dKey) {
        if (concat) {
            concatBackward(dRaw, query, key, d, dQuery, dKey);
        } else {
            dotBackward(dRaw, query, key, d, dQuery, dKey);
        }
    }

    /** raw = scale · Q·Kᵀ: dQ = scale · dRaw·K, dK = scale · dRawᵀ·Q, dscale = Σ Q ∘ (dRaw·K). */
    private void dotBackward(float[] dRaw, float[] query, float[] key, Dims d, float[] dQuery, float[] dKey) {
        int tq = d.querySteps(), tv = d.valueSteps(), dim = d.dim();
        float s = scaleValue();
        double dScale = 0;
        for (int b = 0; b < d.batch(); b++) {
            int qo = b * tq * dim;
            kernels().gemm(false, false, tq, dim, tv, dRaw, b * tq * tv, tv, key, b * tv * dim, dim,
                    false, dQuery, qo, dim);
            if (scale != null) {
                for (int i = qo; i < qo + tq * dim; i++) {
                    dScale += (double) query[i] * dQuery[i];
                    dQuery[i] *= s;
                }
            }
        }
        if (scale != null) {
            scale.grad()[0] += (float) dScale;
            for (int i = 0; i < d.batch() * tq * tv; i++) {
                dRaw[i] *= s;
            }
        }
        for (int b = 0; b < d.batch(); b++) {
            kernels().gemm(true, false, tv, dim, tq, dRaw, b * tq * tv, tv, query, b * tq * dim, dim,
                    true, dKey, b * tv * dim, dim);
        }
    }

    /** raw = w · Σ tanh(s·(q + k)). */
    private void concatBackward(float[] dRaw, float[] query, float[] key, Dims d, float[] dQuery, float[] dKey) {
        int tq = d.querySteps(), tv = d.valueSteps(), dim = d.dim();
        float s = scaleValue();
        float w = concatScoreWeight.value()[0];
        double dScale = 0, dWeight = 0;
        for (int b = 0; b < d.batch(); b++) {
            for (int i = 0; i < tq; i++) {
                int qo = (b * tq + i) * dim;
                for (int j = 0; j < tv; j++) {
                    float g = dRaw[(b * tq + i) * tv + j];
                    if (g == 0f) {
                        continue;
                    }
                    int ko = (b * tv + j) * dim;
                    double sumT = 0;
                    for (int c = 0; c < dim; c++) {
                        double u = query[qo + c] + key[ko + c];
                        double t = Math.tanh(s * u);
                        sumT += t;
                        double du = g * w * (1 - t * t);
                        dQuery[qo + c] += (float) (du * s);
                        dKey[ko + c] += (float) (du * s);
                        dScale += du * u;
                    }
                    dWeight += g * sumT;
                }
            }
        }
        if (scale != null) {
            scale.grad()[0] += (float) dScale;
        }
        concatScoreWeight.grad()[0] += (float) dWeight;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("use_scale", useScale);
        c.put("score_mode", scoreMode);
        c.put("dropout", (double) dropout());
        return c;
    }
}

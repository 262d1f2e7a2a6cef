package dev.recurrent.optim;

import java.util.List;
import java.util.Map;

/**
 * Adam's update, shared by {@link Adam} and {@link AdamW} (which differ only in weight decay, done
 * by {@link Optimizer}). Keras 3's {@code Adam.update_step}, per step with
 * {@code t = iterations + 1}, in float32 and in Keras' order ({@code ε} is "epsilon hat", outside
 * the square root):
 * <pre>
 *   alpha = lr · sqrt(1 − beta_2^t) / (1 − beta_1^t)
 *   m = m + (g − m)·(1 − beta_1)
 *   v = v + (g² − v)·(1 − beta_2)
 *   amsgrad: v̂ = max(v̂, v), used in place of v below
 *   w = w − (m·alpha) / (sqrt(v) + ε)
 * </pre>
 * {@code beta^t} is a float32 power of the float32 beta; {@code 1 − beta} is computed in double,
 * then rounded to float, as Python does before the multiply.
 */
final class AdamRule {
    static final List<String> SLOTS = List.of("momentum", "velocity");
    static final List<String> SLOTS_AMSGRAD = List.of("momentum", "velocity", "velocity_hat");

    final double beta1;
    final double beta2;
    final double epsilon;
    final boolean amsgrad;
    private final float beta1F;
    private final float beta2F;
    private final float oneMinusBeta1;
    private final float oneMinusBeta2;
    private final float eps;

    AdamRule(String owner, double beta1, double beta2, double epsilon, boolean amsgrad) {
        this.beta1 = Checks.unitHalfOpen(owner, "beta_1", beta1);
        this.beta2 = Checks.unitHalfOpen(owner, "beta_2", beta2);
        this.epsilon = Checks.nonNegative(owner, "epsilon", epsilon);
        this.amsgrad = amsgrad;
        this.beta1F = (float) beta1;
        this.beta2F = (float) beta2;
        this.oneMinusBeta1 = (float) (1 - beta1);
        this.oneMinusBeta2 = (float) (1 - beta2);
        this.eps = (float) epsilon;
    }

    List<String> slotKinds() {
        return amsgrad ? SLOTS_AMSGRAD : SLOTS;
    }

    /**
     * @param iterations updates applied before this one
     * @param w          values, updated in place, [n]
     * @param g          gradient, [n]
     * @param m          {@code momentum} slot, [n]
     * @param v          {@code velocity} slot, [n]
     * @param vHat       {@code velocity_hat} slot, [n], or null without AMSGrad
     * @param from       the first element to update
     * @param to         one past the last
     */
    void update(long iterations, float[] w, float[] g, float lr, float[] m, float[] v, float[] vHat, int from, int to) {
        float t = (float) (iterations + 1);
        float beta1Power = (float) Math.pow(beta1F, t);
        float beta2Power = (float) Math.pow(beta2F, t);
        float alpha = lr * (float) Math.sqrt(1f - beta2Power) / (1f - beta1Power);
        if (vHat != null) {
            for (int j = from; j < to; j++) {
                float gj = g[j];
                m[j] += (gj - m[j]) * oneMinusBeta1;
                v[j] += (gj * gj - v[j]) * oneMinusBeta2;
                vHat[j] = Math.max(vHat[j], v[j]);
                w[j] -= m[j] * alpha / ((float) Math.sqrt(vHat[j]) + eps);
            }
        } else {
            for (int j = from; j < to; j++) {
                float gj = g[j];
                m[j] += (gj - m[j]) * oneMinusBeta1;
                v[j] += (gj * gj - v[j]) * oneMinusBeta2;
                w[j] -= m[j] * alpha / ((float) Math.sqrt(v[j]) + eps);
            }
        }
    }

    void addConfig(Map<String, Object> config) {
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
        config.put("amsgrad", amsgrad);
    }
}

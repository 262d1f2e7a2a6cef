package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The weight decay and clipping arguments every optimizer takes, validated, and what they do to a
 * step: the gradients clipped ({@code clipnorm}, {@code global_clipnorm} or {@code clipvalue}: at
 * most one, as Keras 3) into buffers of the optimizer's, then decoupled weight decay.
 */
final class CommonArguments {
    /** Null when off. */
    final Double weightDecay, clipnorm, clipvalue, globalClipnorm;
    private final float weightDecayF;
    /** The clipping bound in float32; 0 when no clipping is set. */
    private final float clipF;
    private final Pattern weightDecayExclusions;

    CommonArguments(String name, OptimizerBuilder<?> b) {
        this.weightDecay = b.weightDecay == null ? null : Checks.nonNegative(name, "weight_decay", b.weightDecay);
        this.clipnorm = b.clipnorm == null ? null : Checks.positive(name, "clipnorm", b.clipnorm);
        this.clipvalue = b.clipvalue == null ? null : Checks.positive(name, "clipvalue", b.clipvalue);
        this.globalClipnorm = b.globalClipnorm == null ? null
                : Checks.positive(name, "global_clipnorm", b.globalClipnorm);
        int clips = (clipnorm != null ? 1 : 0) + (clipvalue != null ? 1 : 0) + (globalClipnorm != null ? 1 : 0);
        if (clips > 1) {
            throw new IllegalArgumentException(name + ": only one of `clipnorm`, `clipvalue` and `global_clipnorm`"
                    + " can be set, got clipnorm=" + clipnorm + ", clipvalue=" + clipvalue
                    + ", global_clipnorm=" + globalClipnorm);
        }
        this.weightDecayF = weightDecay == null ? 0f : (float) (double) weightDecay;
        this.clipF = clipnorm != null ? (float) (double) clipnorm
                : clipvalue != null ? (float) (double) clipvalue
                : globalClipnorm != null ? (float) (double) globalClipnorm : 0f;
        List<String> exclusions = List.copyOf(b.exclusions);
        this.weightDecayExclusions = exclusions.isEmpty() ? null : Pattern.compile(String.join("|", exclusions));
    }

    /** Whether the gradients are clipped (into buffers of the optimizer's). */
    boolean clips() {
        return clipF != 0f;
    }

    /** The names of the parameters that get no weight decay, or null for none. */
    Pattern noWeightDecay() {
        return weightDecayExclusions;
    }

    /** {@code weight_decay}, {@code clipnorm}, {@code global_clipnorm}, {@code clipvalue}, in Keras' order. */
    void putConfig(Map<String, Object> c) {
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
    }

    /** Points slots.gradients at each parameter's gradient, or at its clipped copy when clipping. */
    void clip(List<Parameter> params, OptimizerSlots slots) {
        int n = params.size();
        float[][] gradients = slots.gradients, clipped = slots.clipped;
        if (clipF == 0f) {
            for (int i = 0; i < n; i++) {
                gradients[i] = params.get(i).grad();
            }
            return;
        }
        if (clipvalue != null) {
            for (int i = 0; i < n; i++) {
                GradientClipping.byValue(clipped[i], params.get(i).grad(), clipF);
            }
        } else if (clipnorm != null) {
            for (int i = 0; i < n; i++) {
                GradientClipping.byNorm(clipped[i], params.get(i).grad(), clipF);
            }
        } else {
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum += GradientClipping.sumOfSquares(params.get(i).grad());
            }
            float scale = GradientClipping.globalScale((float) Math.sqrt(sum), clipF);
            for (int i = 0; i < n; i++) {
                GradientClipping.scale(clipped[i], params.get(i).grad(), scale);
            }
        }
        for (int i = 0; i < n; i++) {
            gradients[i] = clipped[i];
        }
    }

    /** Keras' {@code _apply_weight_decay}, before the update: {@code w = w − w·wd·lr} where {@code decays}. */
    void decay(List<Parameter> params, boolean[] decays, float lr) {
        if (weightDecay == null) {
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            if (decays[i]) {
                float[] w = params.get(i).value();
                for (int j = 0; j < w.length; j++) {
                    w[j] -= w[j] * weightDecayF * lr;
                }
            }
        }
    }
}

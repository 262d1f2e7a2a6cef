package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;

import java.util.List;

/**
 * Keras 3's gradient clipping ({@code BaseOptimizer._clip_gradients}), in float32. Each method
 * writes the clipped gradient into {@code dst} and leaves {@code src} (a parameter's live gradient)
 * untouched, as Keras returns new tensors.
 *
 * <ul>
 *   <li>{@code clipvalue}: {@code clip(g, -v, v)} element-wise;</li>
 *   <li>{@code clipnorm}, per variable: {@code g·c / max(‖g‖, c)} (TF's {@code clip_by_norm}; it is
 *       applied even when {@code ‖g‖ <= c}, where it may move {@code g} by one rounding);</li>
 *   <li>{@code global_clipnorm}: with {@code n = sqrt(Σ_vars ‖g‖²)}, every gradient is multiplied by
 *       {@code c·min(1/n, 1/c) + (n − n)}, the last term making the scale NaN when {@code n} is not
 *       finite, as Keras does.</li>
 * </ul>
 * Sums of squares are accumulated in double and rounded once to float: Keras' float32 reduction has
 * no fixed order, and this is at least as accurate as any of them.
 */
final class GradientClipping {
    private GradientClipping() {
    }

    /** {@code Σ g²} of one gradient, accumulated in double, rounded to float. */
    static float sumOfSquares(float[] g) {
        double s = 0;
        for (float v : g) {
            s += (double) v * v;
        }
        return (float) s;
    }

    /** {@code sqrt(Σ_params Σ g²)} over the parameters' gradients, in double (for histories and logs). */
    static double globalNorm(List<Parameter> params) {
        double s = 0;
        for (int i = 0, n = params.size(); i < n; i++) {
            for (float v : params.get(i).grad()) {
                s += (double) v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** {@code dst = clip(src, -v, v)}. */
    static void byValue(float[] dst, float[] src, float v) {
        float lo = -v;
        for (int i = 0; i < src.length; i++) {
            dst[i] = Math.min(Math.max(src[i], lo), v);
        }
    }

    /** {@code dst = src·c / max(‖src‖, c)}, Keras' {@code _clip_by_norm} / TF's {@code clip_by_norm}. */
    static void byNorm(float[] dst, float[] src, float c) {
        float l2sum = sumOfSquares(src);
        // two-tap where: the norm of an all-zero gradient is 0, without taking sqrt(0)'s gradient
        float l2norm = l2sum > 0 ? (float) Math.sqrt(l2sum) : l2sum;
        float denominator = Math.max(l2norm, c);
        for (int i = 0; i < src.length; i++) {
            dst[i] = src[i] * c / denominator;
        }
    }

    /** The factor {@code clip_by_global_norm} multiplies every gradient by, for global norm {@code n}. */
    static float globalScale(float n, float c) {
        float scaleForFinite = c * Math.min(1f / n, 1f / c);
        return scaleForFinite + (n - n);
    }

    /** {@code dst = src·scale}. */
    static void scale(float[] dst, float[] src, float scale) {
        for (int i = 0; i < src.length; i++) {
            dst[i] = src[i] * scale;
        }
    }
}

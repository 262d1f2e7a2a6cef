package dev.recurrent.init;

import java.util.Arrays;
import java.util.Random;

/** The values each {@link Initializer} draws, with Keras' formulas. */
final class InitializerDraws {
    /** The standard deviation of a unit normal truncated to (−2, 2), by which variance scaling divides. */
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;

    private InitializerDraws() {
    }

    static void fill(Initializer init, float[] w, int fanIn, int fanOut, Random rng) {
        switch (init.name()) {
            case "zeros":
                Arrays.fill(w, 0f);
                break;
            case "ones":
                Arrays.fill(w, 1f);
                break;
            case "constant":
                Arrays.fill(w, (float) init.argument("value"));
                break;
            case "random_normal":
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (init.argument("mean") + init.argument("stddev") * rng.nextGaussian());
                }
                break;
            case "random_uniform":
                uniform(w, init.argument("minval"), init.argument("maxval"), rng);
                break;
            case "truncated_normal":
                truncatedNormal(w, init.argument("mean"), init.argument("stddev"), rng);
                break;
            case "glorot_uniform":
                Initializers.glorotUniform(w, fanIn, fanOut, rng);
                break;
            case "glorot_normal":
                truncatedNormal(w, 0, Math.sqrt(2.0 / (fanIn + fanOut)) / TRUNCATED_STDDEV, rng);
                break;
            case "he_uniform":
                limit(w, Math.sqrt(6.0 / fanIn), rng);
                break;
            case "he_normal":
                truncatedNormal(w, 0, Math.sqrt(2.0 / fanIn) / TRUNCATED_STDDEV, rng);
                break;
            case "lecun_uniform":
                limit(w, Math.sqrt(3.0 / fanIn), rng);
                break;
            case "lecun_normal":
                truncatedNormal(w, 0, Math.sqrt(1.0 / fanIn) / TRUNCATED_STDDEV, rng);
                break;
            case "orthogonal":
                Initializers.orthogonal(w, fanIn, fanOut, rng);
                scale(w, init.argument("gain"));
                break;
            case "identity":
                Arrays.fill(w, 0f);
                for (int i = 0; i < Math.min(fanIn, fanOut); i++) {
                    w[i * fanOut + i] = (float) init.argument("gain");
                }
                break;
            default:
                throw new AssertionError(init.name());
        }
    }

    /** U(−limit, limit), drawn as {@link Initializers#glorotUniform} draws. */
    private static void limit(float[] w, double limit, Random rng) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
    }

    private static void uniform(float[] w, double min, double max, Random rng) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (min + (max - min) * rng.nextDouble());
        }
    }

    /** N(mean, stddev²) redrawn until within two standard deviations of the mean, as Keras' truncated normal. */
    private static void truncatedNormal(float[] w, double mean, double stddev, Random rng) {
        for (int i = 0; i < w.length; i++) {
            double z;
            do {
                z = rng.nextGaussian();
            } while (Math.abs(z) > 2);
            w[i] = (float) (mean + stddev * z);
        }
    }

    private static void scale(float[] w, double gain) {
        if (gain != 1.0) {
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (w[i] * gain);
            }
        }
    }
}

package dev.recurrent.decoding;

/**
 * The arithmetic the strategies share on a step's scores: log-probabilities in double, −∞ for a
 * token that cannot be chosen.
 */
public final class Scores {

    private Scores() {
    }

    /**
     * {@code log(p)} of each probability, in double (−∞ for 0), as Keras' {@code sample()} takes it.
     *
     * @throws IllegalArgumentException for a negative or NaN probability, or when all are 0
     */
    public static double[] logOf(float[] probabilities) {
        double[] s = new double[probabilities.length];
        boolean any = false;
        for (int i = 0; i < s.length; i++) {
            double v = probabilities[i];
            if (!(v >= 0)) {
                throw new IllegalArgumentException("probability " + i + " is " + v + ", expected >= 0");
            }
            s[i] = Math.log(v);
            any |= v > 0;
        }
        if (!any) {
            throw new IllegalArgumentException("all " + s.length + " probabilities are 0");
        }
        return s;
    }

    /** {@code softmax(scores)}: the largest subtracted before {@code exp}, −∞ giving 0. */
    public static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(scores[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The index of the largest score, the first of equals. */
    public static int argmax(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The index that {@code u} in [0, 1) falls on in the cumulative distribution {@code p}, zeros
     * never drawn; when u lies beyond the rounded sum, the last index with p > 0.
     */
    public static int draw(double[] p, double u) {
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                cumulative += p[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last;
    }
}

package dev.recurrent.loss;

/**
 * Keras' {@code mean_absolute_error}: per row {@code l = mean_j |yPred_j − yTrue_j|}, gradient
 * {@code sign(yPred_j − yTrue_j) / C}, 0 where they are equal (the subgradient TensorFlow's
 * {@code abs} uses). Targets [R, C].
 */
public final class MeanAbsoluteError extends Loss {

    @Override
    public String name() {
        return "mean_absolute_error";
    }

    @Override
    protected double rowLoss(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols,
                             double gradScale, float[] gradOut) {
        double sum = 0.0;
        double g = gradScale / cols;
        for (int j = 0; j < cols; j++) {
            double d = (double) yPred[predOff + j] - yTrue[trueOff + j];
            sum += Math.abs(d);
            if (gradOut != null) {
                gradOut[predOff + j] = (float) (g * Math.signum(d));
            }
        }
        return sum / cols;
    }
}

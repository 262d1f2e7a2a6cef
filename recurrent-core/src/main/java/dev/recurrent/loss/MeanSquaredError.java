package dev.recurrent.loss;

/**
 * Keras' {@code mean_squared_error}: per row {@code l = mean_j (yPred_j − yTrue_j)²}, gradient
 * {@code 2·(yPred_j − yTrue_j) / C}. Targets [R, C].
 */
public final class MeanSquaredError extends Loss {

    @Override
    public String name() {
        return "mean_squared_error";
    }

    @Override
    protected double rowLoss(float[] yPred, int predOff, float[] yTrue, int trueOff, int cols,
                             double gradScale, float[] gradOut) {
        double sum = 0.0;
        double g = 2.0 * gradScale / cols;
        for (int j = 0; j < cols; j++) {
            double d = (double) yPred[predOff + j] - yTrue[trueOff + j];
            sum += d * d;
            if (gradOut != null) {
                gradOut[predOff + j] = (float) (g * d);
            }
        }
        return sum / cols;
    }
}

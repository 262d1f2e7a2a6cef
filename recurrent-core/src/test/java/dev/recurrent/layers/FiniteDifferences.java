package dev.recurrent.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences made reliable in float32: the loss is summed in double, the step is
 * large enough (1e-2) that float32 rounding of the loss stays far below the signal, and the
 * tolerance mixes an absolute and a relative part. Where the loss curves too much for that step, the
 * h² error of the central difference is cancelled by Richardson's extrapolation with half the step.
 */
final class FiniteDifferences {
    static final float STEP = 1e-2f;
    static final double ABS_TOL = 2e-3, REL_TOL = 2e-2;

    private FiniteDifferences() {
    }

    /**
     * Compares {@code analytic[i]} with the central difference of {@code loss} in {@code values[i]},
     * for every i; returns one line per mismatch (empty when all agree).
     */
    static List<String> check(String what, float[] values, float[] analytic, DoubleSupplier loss) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            double numeric = central(values, i, STEP, loss);
            if (!agrees(numeric, analytic[i])) {
                // a strongly curved loss: Richardson's extrapolation from steps h and h/2 cancels the h² error
                numeric = (4 * central(values, i, STEP / 2, loss) - numeric) / 3;
                if (!agrees(numeric, analytic[i])) {
                    bad.add(String.format("%s[%d]: analytic %.6f, numeric %.6f", what, i, analytic[i], numeric));
                }
            }
        }
        return bad;
    }

    private static double central(float[] values, int i, float step, DoubleSupplier loss) {
        float keep = values[i];
        values[i] = keep + step;
        double up = loss.getAsDouble();
        values[i] = keep - step;
        double down = loss.getAsDouble();
        values[i] = keep;
        return (up - down) / (2.0 * step);
    }

    private static boolean agrees(double numeric, float analytic) {
        return Math.abs(numeric - analytic) <= ABS_TOL + REL_TOL * Math.abs(numeric);
    }
}

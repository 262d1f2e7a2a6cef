package dev.recurrent.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences made reliable in float32: the loss is summed in double, the step is
 * large enough (1e-2) that float32 rounding of the loss stays far below the signal, and the
 * tolerance mixes an absolute and a relative part.
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
            float keep = values[i];
            values[i] = keep + STEP;
            double up = loss.getAsDouble();
            values[i] = keep - STEP;
            double down = loss.getAsDouble();
            values[i] = keep;
            double numeric = (up - down) / (2.0 * STEP);
            double diff = Math.abs(numeric - analytic[i]);
            if (diff > ABS_TOL + REL_TOL * Math.abs(numeric)) {
                bad.add(String.format("%s[%d]: analytic %.6f, numeric %.6f", what, i, analytic[i], numeric));
            }
        }
        return bad;
    }
}

package dev.recurrent.layers.attention;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences in float32, as the layers' tests make them: the loss summed in double,
 * a step of 1e-2 so that float32 rounding stays far below the signal, an absolute plus relative
 * tolerance.
 */
final class FiniteDifferences {
    static final float STEP = 1e-2f;
    static final double ABS_TOL = 2e-3, REL_TOL = 2e-2;

    private FiniteDifferences() {
    }

    /** One line per index where {@code analytic} and the central difference of {@code loss} disagree. */
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
            if (Math.abs(numeric - analytic[i]) > ABS_TOL + REL_TOL * Math.abs(numeric)) {
                bad.add(String.format("%s[%d]: analytic %.6f, numeric %.6f", what, i, analytic[i], numeric));
            }
        }
        return bad;
    }
}

package dev.recurrent.cli.demos;

import dev.recurrent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The made-up dinner rota of the {@code dinner} demo. The rule: dinners come in a fixed cycle,
 * pizza → sushi → waffles → pizza ..., so tomorrow's dinner is the one after today's. Each dinner is
 * one-hot over the three.
 */
public final class DinnerRota {

    enum Dinner {
        PIZZA, SUSHI, WAFFLES;

        /** The rule: the next dinner of the cycle. */
        Dinner tomorrow() {
            return values()[(ordinal() + 1) % values().length];
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int KINDS = Dinner.values().length;

    private DinnerRota() {
    }

    /** {@code days} dinners by the rule, starting with {@code first}. */
    static List<Dinner> rota(Dinner first, int days) {
        List<Dinner> r = new ArrayList<>(days);
        Dinner d = first;
        for (int i = 0; i < days; i++) {
            r.add(d);
            d = d.tomorrow();
        }
        return r;
    }

    /**
     * Training pairs from a rota: every window of {@code steps} consecutive days, one-hot
     * [n, steps, 3], and the day after each of them [n, steps, 3], with n = days − steps.
     */
    static Tensor[] windows(List<Dinner> rota, int steps) {
        int n = rota.size() - steps;
        if (n < 1) {
            throw new IllegalArgumentException("a rota of " + rota.size() + " days has no window of " + steps
                    + " days followed by another day");
        }
        float[] x = new float[n * steps * KINDS], y = new float[n * steps * KINDS];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                x[(i * steps + t) * KINDS + rota.get(i + t).ordinal()] = 1f;
                y[(i * steps + t) * KINDS + rota.get(i + t + 1).ordinal()] = 1f;
            }
        }
        return new Tensor[] {Tensor.of(x, n, steps, KINDS), Tensor.of(y, n, steps, KINDS)};
    }

    /** One window as a batch of one: [1, days, 3]. */
    static Tensor oneHot(List<Dinner> days) {
        float[] x = new float[days.size() * KINDS];
        for (int t = 0; t < days.size(); t++) {
            x[t * KINDS + days.get(t).ordinal()] = 1f;
        }
        return Tensor.of(x, 1, days.size(), KINDS);
    }

    /** The dinner of the largest of 3 probabilities at {@code offset}. */
    static Dinner argmax(float[] p, int offset) {
        int best = 0;
        for (int k = 1; k < KINDS; k++) {
            if (p[offset + k] > p[offset + best]) {
                best = k;
            }
        }
        return Dinner.values()[best];
    }
}

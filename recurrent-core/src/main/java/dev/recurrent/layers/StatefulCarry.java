package dev.recurrent.layers;

import java.util.Arrays;

/**
 * The [B, H] states a stateful recurrent layer carries from one call to the next, and the states a
 * call starts from: the given initial states, else the carried ones, else zeros. A layer carries
 * them when it is stateful, or while told to carry them across calls (truncated BPTT's chunks).
 */
final class StatefulCarry {
    private final boolean stateful;
    /** See {@link #carryAcrossCalls}. */
    private boolean acrossCalls;
    /** The carried states; null until a stateful call ends, and after {@link #reset}. */
    private float[] h, c;

    StatefulCarry(boolean stateful) {
        this.stateful = stateful;
    }

    /** While on, each call starts from the states the call before ended with; off forgets them, unless stateful. */
    void carryAcrossCalls(boolean on) {
        if (!on && acrossCalls && !stateful) {
            reset();
        }
        acrossCalls = on;
    }

    /** Whether a call's final states start the next call: stateful, or carrying across calls. */
    boolean active() {
        return stateful || acrossCalls;
    }

    /** The batch size of the states carried into the next call, or −1 for none. */
    int carriedBatch(int units) {
        return active() ? batch(units) : -1;
    }

    /** The batch size of the carried states, or −1 when none are carried. */
    int batch(int units) {
        return h != null ? h.length / units : -1;
    }

    /** Forgets the carried states; the next call starts from zeros. */
    void reset() {
        h = null;
        c = null;
    }

    /** Carries {@code len} values of hs (and of cs, null without a cell state) from {@code off}. */
    void keep(float[] hs, float[] cs, int off, int len) {
        h = copy(h, hs, off, len);
        c = cs != null ? copy(c, cs, off, len) : null;
    }

    /** Writes the states step 0 starts from into w.hs (and w.cs): {@code initialState}, else the carried ones, else zeros. */
    void start(Workspace w, int units, boolean cellState, float[][] initialState) {
        int bh = w.batch * units;
        float[] h0 = initialState != null ? initialState[0] : h;
        float[] c0 = initialState != null ? (cellState ? initialState[1] : null) : c;
        if (h0 != null) {
            System.arraycopy(h0, 0, w.hs, 0, bh);
        } else {
            Arrays.fill(w.hs, 0, bh, 0f);
        }
        if (cellState) {
            if (c0 != null) {
                System.arraycopy(c0, 0, w.cs, 0, bh);
            } else {
                Arrays.fill(w.cs, 0, bh, 0f);
            }
        }
    }

    /** Copies {@code len} values of {@code from} into {@code into}, reallocating only for a new size. */
    static float[] copy(float[] into, float[] from, int off, int len) {
        float[] to = into != null && into.length == len ? into : new float[len];
        System.arraycopy(from, off, to, 0, len);
        return to;
    }
}

package dev.recurrent.layers;

import dev.recurrent.kernels.Parallel;

/**
 * Copies rows between a batch-major sequence [B, T, F] (what layers pass each other) and the
 * time-major [steps, B, F] layout the recurrent layer works in, a range of steps per core when
 * the copy is large enough: in a small network's training step these copies are
 * a few percent of the time, all of it with the other core idle. One object per layer, reused.
 */
final class TimeMajorCopy implements Parallel.Task {
    /** Below this many values the copy runs in the calling thread. */
    private static final int PARALLEL_MIN = 1 << 14;

    private float[] timeMajor, batchMajor, mask;
    private int timeMajorOff, batch, steps, features, t0, count, parts;
    private boolean backwards, toTimeMajor;

    /**
     * Steps [t0, t0 + count) of {@code x} [B, steps, F], in processing order (the last first when
     * {@code backwards}), into {@code xs} [count, B, F] at {@code xsOff}, times {@code mask} [B, F]
     * when it is not null.
     */
    void toTimeMajor(float[] x, int batch, int steps, int features, int t0, int count, boolean backwards,
                     float[] mask, float[] xs, int xsOff) {
        set(xs, xsOff, x, batch, steps, features, t0, backwards, mask, true);
        copySteps(count);
    }

    /**
     * {@code ys} [count, B, F] at {@code ysOff} into {@code y} [B, steps, F]: processing step t
     * goes to position t0 + t (its source step when {@code backwards}), times {@code mask} [B, F]
     * when it is not null.
     */
    void toBatchMajor(float[] ys, int ysOff, int batch, int steps, int features, int t0, int count,
                      boolean backwards, float[] mask, float[] y) {
        set(ys, ysOff, y, batch, steps, features, t0, backwards, mask, false);
        copySteps(count);
    }

    private void set(float[] timeMajor, int timeMajorOff, float[] batchMajor, int batch, int steps, int features,
                     int t0, boolean backwards, float[] mask, boolean toTimeMajor) {
        this.timeMajor = timeMajor;
        this.timeMajorOff = timeMajorOff;
        this.batchMajor = batchMajor;
        this.batch = batch;
        this.steps = steps;
        this.features = features;
        this.t0 = t0;
        this.backwards = backwards;
        this.mask = mask;
        this.toTimeMajor = toTimeMajor;
    }

    private void copySteps(int count) {
        this.count = count;
        parts = (long) count * batch * features < PARALLEL_MIN ? 1 : Math.min(count, Parallel.threads());
        try {
            Parallel.run(parts, this);
        } finally {
            timeMajor = batchMajor = mask = null;
        }
    }

    /** Part {@code index} of the steps, a contiguous range of them. */
    @Override
    public void run(int index) {
        for (int t = count * index / parts, end = count * (index + 1) / parts; t < end; t++) {
            copyStep(t);
        }
    }

    private void copyStep(int t) {
        int f = features, position = backwards ? steps - 1 - (t0 + t) : t0 + t;
        for (int r = 0; r < batch; r++) {
            int tm = timeMajorOff + (t * batch + r) * f, bm = (r * steps + position) * f;
            int from = toTimeMajor ? bm : tm, to = toTimeMajor ? tm : bm;
            float[] src = toTimeMajor ? batchMajor : timeMajor, dst = toTimeMajor ? timeMajor : batchMajor;
            if (mask == null) {
                System.arraycopy(src, from, dst, to, f);
            } else {
                for (int i = 0; i < f; i++) {
                    dst[to + i] = src[from + i] * mask[r * f + i];
                }
            }
        }
    }
}

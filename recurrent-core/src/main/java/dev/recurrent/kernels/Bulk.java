package dev.recurrent.kernels;

/**
 * Memory-bound work on whole arrays (repeating, transposing) split across the cores once it is
 * large enough to be worth a hand-off. Copies only, so the result is the same for any split. Each
 * calling thread reuses its own task objects: nothing is allocated. (Splitting the zeroing of the
 * gradients and the bias gradient's column sums the same way was no faster, or slower; presumably
 * the next reader pays for the lines the other core wrote. They stay in the calling thread.)
 */
public final class Bulk {
    /** Below this many values the work runs in the calling thread. */
    static final int PARALLEL_MIN = 1 << 15;
    /** Tile edge of the transpose: a 32×32 tile of each side fits in L1 at once. */
    private static final int TILE = 32;

    private static final ThreadLocal<Transpose> TRANSPOSE = ThreadLocal.withInitial(Transpose::new);
    private static final ThreadLocal<Repeat> REPEAT = ThreadLocal.withInitial(Repeat::new);

    private Bulk() {
    }

    /** Copies {@code a[0 .. len)} to {@code a[i·len .. (i+1)·len)} for i = 1 … times − 1. */
    public static void repeat(float[] a, int len, int times) {
        if ((long) len * (times - 1) < PARALLEL_MIN) {
            for (int i = 1; i < times; i++) {
                System.arraycopy(a, 0, a, i * len, len);
            }
            return;
        }
        Repeat r = REPEAT.get();
        r.a = a;
        r.len = len;
        try {
            Parallel.run(times - 1, r);
        } finally {
            r.a = null;
        }
    }

    /** {@code to} [cols, rows] = {@code from} [rows, cols] transposed, in cache-sized tiles. */
    public static void transpose(float[] from, int rows, int cols, float[] to) {
        transpose(from, 0, cols, rows, cols, to);
    }

    /** As {@link #transpose(float[], int, int, float[])} for {@code from} at {@code fromOff} with rows {@code ld} apart. */
    public static void transpose(float[] from, int fromOff, int ld, int rows, int cols, float[] to) {
        if ((long) rows * cols < PARALLEL_MIN) {
            transposeColumns(from, fromOff, ld, rows, to, 0, cols);
            return;
        }
        Transpose t = TRANSPOSE.get();
        t.from = from;
        t.fromOff = fromOff;
        t.ld = ld;
        t.to = to;
        t.rows = rows;
        t.cols = cols;
        int columnTiles = (cols + TILE - 1) / TILE;
        t.parts = Math.min(columnTiles, Parallel.threads());
        try {
            Parallel.run(t.parts, t);
        } finally {
            t.from = t.to = null;
        }
    }

    /** Copy number {@code index + 1}. */
    private static final class Repeat implements Parallel.Task {
        float[] a;
        int len;

        @Override
        public void run(int index) {
            System.arraycopy(a, 0, a, (index + 1) * len, len);
        }
    }

    /** Part {@code index} transposes a range of whole column tiles, so each writes its own rows of {@code to}. */
    private static final class Transpose implements Parallel.Task {
        float[] from, to;
        int fromOff, ld, rows, cols, parts;

        @Override
        public void run(int index) {
            int columnTiles = (cols + TILE - 1) / TILE;
            int c0 = columnTiles * index / parts * TILE, c1 = Math.min(cols, columnTiles * (index + 1) / parts * TILE);
            transposeColumns(from, fromOff, ld, rows, to, c0, c1);
        }
    }

    /**
     * Columns [c0, c1) of {@code from} [rows, ·] (at fromOff, rows ld apart) into rows [c0, c1) of
     * {@code to} [cols, rows], tile by tile.
     */
    private static void transposeColumns(float[] from, int fromOff, int ld, int rows, float[] to, int c0, int c1) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int t0 = c0; t0 < c1; t0 += TILE) {
                int t1 = Math.min(c1, t0 + TILE);
                for (int r = r0; r < r1; r++) {
                    for (int c = t0; c < t1; c++) {
                        to[c * rows + r] = from[fromOff + r * ld + c];
                    }
                }
            }
        }
    }
}

package dev.recurrent.kernels;

/**
 * A right-hand GEMM operand B [k, n] prepared once for many products with it, such as the
 * recurrent kernel over the steps of a sequence: the vector kernels copy it into the panels their
 * GEMM would otherwise pack at every product. It refers to the source array, so it must be packed
 * again whenever B changes. Made by {@link Kernels#pack}, used by {@link Kernels#gemmPacked}.
 */
public final class PackedMatrix {
    float[] source;
    int sourceOff, ld, k, n;
    /** The kernels' own layout of B (empty for kernels that use the source directly). */
    float[] panels = new float[0];

    PackedMatrix() {
    }

    /** k: the rows of B. */
    public int rows() {
        return k;
    }

    /** n: the columns of B. */
    public int columns() {
        return n;
    }

    /** Points at the source and checks its extent; the panels are the kernels' business. */
    void setSource(float[] b, int bOff, int ldb, int rows, int columns) {
        if (rows < 0 || columns < 0 || ldb < columns || bOff < 0
                || (rows > 0 && columns > 0 && (long) bOff + (long) (rows - 1) * ldb + columns > b.length)) {
            throw new IllegalArgumentException("pack: B [" + rows + ", " + columns + "] with ld " + ldb + " at "
                    + bOff + " does not fit an array of " + b.length);
        }
        source = b;
        sourceOff = bOff;
        ld = ldb;
        k = rows;
        n = columns;
    }

    void check(int m, int columns, int rows) {
        if (columns != n || rows != k) {
            throw new IllegalArgumentException("gemmPacked: the packed B is [" + k + ", " + n + "], the product needs ["
                    + rows + ", " + columns + "] (m = " + m + ")");
        }
    }
}

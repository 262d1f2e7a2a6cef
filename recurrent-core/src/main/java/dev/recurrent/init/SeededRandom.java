package dev.recurrent.init;

import java.util.Random;

/**
 * A {@link java.util.Random} whose state can be read and restored, so that a checkpoint can resume
 * training exactly (the same shuffles and dropout masks as an uninterrupted run).
 *
 * <p>It draws the very same numbers as {@code new java.util.Random(seed)}: the same 48-bit linear
 * congruential generator in {@link #next(int)}, through which every {@code nextXxx} method of
 * {@code Random} goes, and the same polar method in {@link #nextGaussian()}, whose cached second
 * value is part of the state.
 *
 * <p>Not thread-safe (unlike {@code Random}): one owner draws from it.
 */
public final class SeededRandom extends Random {
    private static final long serialVersionUID = 1L;
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    // No field initializers: Random's constructor calls setSeed before they would run.
    private long state;
    private boolean haveNextNextGaussian;
    private double nextNextGaussian;

    public SeededRandom(long seed) {
        super(seed);
    }

    @Override
    public void setSeed(long seed) {
        state = (seed ^ MULTIPLIER) & MASK;
        haveNextNextGaussian = false;
    }

    @Override
    protected int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }

    /** Random's polar method, with Random's use of StrictMath, so the values are identical. */
    @Override
    public double nextGaussian() {
        if (haveNextNextGaussian) {
            haveNextNextGaussian = false;
            return nextNextGaussian;
        }
        double v1, v2, s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        nextNextGaussian = v2 * multiplier;
        haveNextNextGaussian = true;
        return v1 * multiplier;
    }

    /**
     * The whole state: {@code [lcg, hasGaussian, gaussianBits]}: the 48-bit generator state, 1 if a
     * Gaussian value is cached (else 0), and that value's {@link Double#doubleToRawLongBits bits}.
     */
    public long[] state() {
        return new long[] {state, haveNextNextGaussian ? 1 : 0,
                haveNextNextGaussian ? Double.doubleToRawLongBits(nextNextGaussian) : 0L};
    }

    /**
     * Restores a {@link #state()}.
     *
     * @throws IllegalArgumentException if {@code s} is not a state this class could have produced
     */
    public void setState(long[] s) {
        if (s == null || s.length != 3 || (s[0] & ~MASK) != 0 || (s[1] != 0 && s[1] != 1)
                || (s[1] == 1 && !Double.isFinite(Double.longBitsToDouble(s[2])))) {
            throw new IllegalArgumentException("random state: expected [48-bit state, 0 or 1, bits of a finite"
                    + " double], got " + java.util.Arrays.toString(s));
        }
        state = s[0];
        haveNextNextGaussian = s[1] == 1;
        nextNextGaussian = haveNextNextGaussian ? Double.longBitsToDouble(s[2]) : 0.0;
    }
}

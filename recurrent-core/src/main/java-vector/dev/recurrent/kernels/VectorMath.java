package dev.recurrent.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and tanh on vectors from additions, multiplications, one division and bit operations only
 * (Cephes' single-precision polynomials, about 2 ulp). The Vector API's own {@code EXP}/{@code TANH}
 * return different low bits when interpreted and when compiled to SVML stubs, which would make a
 * training run depend on JIT timing; these give the same bits either way.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    private VectorMath() {
    }

    /** e^x, with x clamped to [−87, 88] (below: about 1.6e-38; above: about 1.7e38). */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(-87f).min(88f);
        FloatVector t = v.mul(LOG2E).add(ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = v.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(1.9875691500E-4f).add(1.3981999507E-3f)
                .mul(r).add(8.3334519073E-3f)
                .mul(r).add(4.1665795894E-2f)
                .mul(r).add(1.6666665459E-1f)
                .mul(r).add(5.0000001201E-1f);
        p = p.mul(r.mul(r)).add(r).add(1f);
        // t's bits are ROUNDER's plus n: 2^n is built from them without a float-to-int conversion,
        // which JDK 17 does not compile (it runs about 8× slower there)
        IntVector bits = t.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /** tanh(x): an odd polynomial below |x| = 0.625, {@code 1 − 2/(e^{2|x|} + 1)} with the sign above. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector small = z.mul(-5.70498872745E-3f).add(2.06390887954E-2f)
                .mul(z).add(-5.37397155531E-2f)
                .mul(z).add(1.33314422036E-1f)
                .mul(z).add(-3.33332819422E-1f)
                .mul(z).mul(x).add(x);
        FloatVector e = exp(a.add(a));
        FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
        VectorMask<Float> negative = x.compare(VectorOperators.LT, 0f);
        large = large.blend(large.neg(), negative);
        return small.blend(large, a.compare(VectorOperators.GE, 0.625f));
    }

    /** The logistic sigmoid {@code 1 / (1 + e^−x)}. */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }
}

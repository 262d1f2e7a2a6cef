package dev.recurrent.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The concrete classes of the kernels' vectors, for casts that tell C2 a vector's exact class.
 *
 * <p>While C2 parses a kernel, every vector that comes out of a load, a broadcast, a reinterpretation
 * or a merge of paths (a loop's accumulator, a value set in an {@code if}) has the static type
 * {@code FloatVector}, not its concrete class. The Vector API's methods then call the vector's own
 * methods ({@code vspecies()}, {@code lanewise(...)}) virtually, and JDK 17's C2 turns those calls
 * into direct, inlined ones only from the type profiles of the JDK's methods: profiles shared by
 * every caller in the process, and missing when those methods were compiled without profiling, as
 * happens when C2 is busy. A call left virtual leaves its vector operation unintrinsified, and every
 * vector the kernel computes is then allocated on the heap, for the life of the process
 * (docs/performance.md, "Boxed vectors on JDK 17"). {@code EXACT.cast(v)}, a class constant's cast,
 * is compiled while parsing, needs no profile, and gives {@code v} its exact class; it costs nothing
 * once compiled.
 *
 * <p>The rule the kernels follow: a vector that is the receiver of a call ({@code v.add(w)},
 * {@code v.intoArray(a, i)}) is either the result of an operation on another such vector, a
 * {@code static final} constant, or cast here. Arguments need no cast: the Vector API checks their
 * class against the receiver's, which sharpens their type.
 */
final class Exact {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;

    /** The class of the species' float vectors (for example {@code Float512Vector}). */
    @SuppressWarnings("unchecked")
    static final Class<FloatVector> EXACT = (Class<FloatVector>) (Class<?>) S.vectorType();

    /** The class of the int vectors of the same shape, for the bit operations of exp. */
    @SuppressWarnings("unchecked")
    static final Class<IntVector> EXACT_INTS = (Class<IntVector>) (Class<?>) S.withLanes(int.class).vectorType();

    private Exact() {
    }
}

package dev.recurrent.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API twin of {@link ScalarKernels}. */
public final class VectorKernels extends ScalarKernels {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public String name() {
        return "vector(" + SPECIES.vectorBitSize() + "-bit)";
    }
}

package dev.recurrent.layers;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.kernels.Bulk;
import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.PackedMatrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The weights of a {@link Recurrent} layer: kernel [I, G·H], recurrent kernel [H, G·H], bias and
 * the cell's own, with the recurrent kernel's transpose and the packed copies of both that the
 * per-step products read. Without a bias ({@code use_bias = false}) the bias stays a hidden zero
 * vector: the steps read it as they would a bias, and it is no parameter (nothing trains it).
 */
final class RecurrentWeights {
    private final Cell cell;
    private final int units;
    private final Parameter kernel, recurrentKernel, bias;
    private final boolean useBias;
    /** [G·H, H] the recurrent kernel transposed, refreshed at each backward for its per-step GEMM. */
    private final float[] recurrentKernelT;
    /** The recurrent kernel and its transpose packed for the step-by-step loop (refreshed every call). */
    private PackedMatrix packed, packedT;

    /**
     * Makes the weights for {@code inputs} features with the configured initializers (Keras' defaults:
     * kernel glorot-uniform, recurrent kernel orthogonal, bias zeros), drawn in that order; the
     * forget gate's bias is 1 with {@code unitForgetBias}.
     */
    RecurrentWeights(Cell cell, int units, int inputs, int[] biasShape, RecurrentConfig config, SeededRandom rng) {
        this.cell = cell;
        this.units = units;
        WeightOptions options = config.weights();
        this.useBias = options.useBias();
        int gh = cell.gates() * units;
        kernel = new Parameter("kernel", inputs, gh);
        recurrentKernel = new Parameter("recurrent_kernel", units, gh);
        bias = new Parameter("bias", biasShape);
        options.kernelInitializer().fill(kernel.value(), new int[] {inputs, gh}, rng);
        options.recurrentInitializer().fill(recurrentKernel.value(), new int[] {units, gh}, rng);
        if (useBias) {
            options.biasInitializer().fill(bias.value(), biasShape, rng);
        }
        int forget = cell.shape().forgetGate();
        if (useBias && config.unitForgetBias() && forget >= 0) {
            Arrays.fill(bias.value(), forget * units, (forget + 1) * units, 1f);
        }
        config.rules().attach(config.name(), kernel, recurrentKernel, useBias ? bias : null);
        cell.build(units, kernel, recurrentKernel, bias);
        recurrentKernelT = new float[recurrentKernel.size()];
    }

    Parameter kernel() {
        return kernel;
    }

    Parameter recurrentKernel() {
        return recurrentKernel;
    }

    Parameter bias() {
        return bias;
    }

    boolean useBias() {
        return useBias;
    }

    /** kernel, recurrent_kernel, bias (with {@code use_bias}), then the cell's own, in Keras' order and layout. */
    List<Parameter> all() {
        List<Parameter> extra = cell.extraParameters();
        if (extra.isEmpty()) {
            return useBias ? List.of(kernel, recurrentKernel, bias) : List.of(kernel, recurrentKernel);
        }
        List<Parameter> all = new ArrayList<>(useBias ? List.of(kernel, recurrentKernel, bias) : List.of(kernel, recurrentKernel));
        all.addAll(extra);
        return List.copyOf(all);
    }

    /** The number of trainable values. */
    long count() {
        long n = (long) kernel.size() + recurrentKernel.size() + (useBias ? bias.size() : 0);
        for (Parameter p : cell.extraParameters()) {
            n += p.size();
        }
        return n;
    }

    /**
     * Sets kernel, recurrent kernel and bias, all three checked before any is changed; without a bias,
     * {@code bias} must be null.
     */
    void set(String layer, float[] kernel, float[] recurrentKernel, float[] bias) {
        this.kernel.check(layer, kernel);
        this.recurrentKernel.check(layer, recurrentKernel);
        if (!useBias && bias != null) {
            throw new IllegalArgumentException(layer + ": the layer has no bias (use_bias = false), got a bias of "
                    + bias.length + " values; pass null");
        }
        if (useBias) {
            this.bias.check(layer, bias);
        }
        this.kernel.load(layer, kernel);
        this.recurrentKernel.load(layer, recurrentKernel);
        if (useBias) {
            this.bias.load(layer, bias);
        }
    }

    void zeroGrad() {
        kernel.zeroGrad();
        recurrentKernel.zeroGrad();
        bias.zeroGrad();
        for (Parameter p : cell.extraParameters()) {
            p.zeroGrad();
        }
    }

    /** Whether the step products read packed copies of the recurrent kernel rather than the kernel as it is. */
    boolean packs() {
        return TimeLoop.packs(recurrentKernel.size());
    }

    /**
     * The recurrent kernel's columns of the step products ({@link Cell#recurrentProductGates()}) packed
     * for this call, or null when they read it as it is.
     */
    PackedMatrix packed(Kernels kernels) {
        if (!packs()) {
            return null;
        }
        int g = cell.gates() * units;
        packed = kernels.pack(recurrentKernel.value(), 0, g, units, cell.recurrentProductGates() * units, packed);
        return packed;
    }

    /** The recurrent kernel transposed, [G·H, H], refreshed from its current values. */
    float[] transposed() {
        Bulk.transpose(recurrentKernel.value(), units, cell.gates() * units, recurrentKernelT);
        return recurrentKernelT;
    }

    /** {@link #transposed()} packed for the backward step products, or null as {@link #packed}. */
    PackedMatrix packedTransposed(Kernels kernels) {
        if (!packs()) {
            return null;
        }
        packedT = kernels.pack(recurrentKernelT, 0, units, cell.recurrentProductGates() * units, units, packedT);
        return packedT;
    }
}

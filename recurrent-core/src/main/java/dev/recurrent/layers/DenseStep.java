package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;

/**
 * A built {@link Dense} layer on the rows of one step, [batch, F] → [batch, units], whatever shape
 * it was built for (a Dense on a sequence acts on every step alike): the same products and
 * activation as its {@link Dense#forward}, on the weights it has now.
 */
public final class DenseStep {
    private final Dense dense;
    private final Activation act;
    private final Kernels kernels = KernelsProvider.get();

    public DenseStep(Dense dense) {
        if (!dense.isBuilt()) {
            throw new IllegalStateException(dense.name() + ": the layer is not built yet; build the model first");
        }
        this.dense = dense;
        this.act = dense.activation().equals("softmax") ? null : Activation.byName(dense.activation());
    }

    /** F, the features of one row. */
    public int inputFeatures() {
        return dense.inputShape().last();
    }

    public int units() {
        return dense.units();
    }

    /** The output [batch, units] of x [batch, F], a new array. */
    public float[] step(float[] x, int batch) {
        int in = inputFeatures(), units = units();
        if (x.length != batch * in) {
            throw new IllegalArgumentException(dense.name() + ": expected one step's input [" + batch + ", " + in + "] ("
                    + batch * in + " values), got " + x.length + " values");
        }
        float[] z = new float[batch * units];
        kernels.gemm(false, false, batch, units, in, x, 0, in, dense.parameters().get(0).value(), 0, units, false,
                z, 0, units);
        float[] b = dense.parameters().get(1).value();
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < units; j++) {
                z[r * units + j] += b[j];
            }
        }
        float[] y = new float[z.length];
        if (act == null) {
            Dense.softmax(z, y, batch, units);
        } else {
            for (int i = 0; i < z.length; i++) {
                y[i] = act.apply(z[i]);
            }
        }
        return y;
    }
}

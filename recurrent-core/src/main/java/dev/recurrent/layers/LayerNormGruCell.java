package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;

import java.util.List;

/**
 * The layer-normalised GRU step of Ba, Kiros &amp; Hinton 2016 as their code has it
 * ({@code lngru_layer} in github.com/ryankiros/layer-norm, {@code layers.py}), in Keras' gate order
 * z, r, h with one bias [3H]. Each LN normalises the z and r blocks together and the h block alone,
 * LN(v) = γ ⊙ (v − mean(v)) / sqrt(var(v) + ε) + β:
 * <pre>
 * a = LN_x(x_t·W + b)        q = LN_r(h_{t-1}·U)
 * z = σ(a_z + q_z)    r = σ(a_r + q_r)    n = tanh(a_h + r ⊙ q_h)
 * h_t = z ⊙ h_{t-1} + (1 − z) ⊙ n
 * </pre>
 * (Their code names the update gate u and adds b before the normalisation, as here.) Own weights:
 * {@code kernel_norm_gamma}, {@code kernel_norm_beta}, {@code recurrent_norm_gamma},
 * {@code recurrent_norm_beta}, [3H] each, γ from 1 and β from 0. {@code ws.aux} keeps q_h.
 */
final class LayerNormGruCell implements Cell {
    private final Activation act, recAct;
    private final float epsilon;
    private Parameter kernelGamma, kernelBeta, recurrentGamma, recurrentBeta;
    private float[][] norms;
    private NormCaches caches;

    LayerNormGruCell(Activation act, Activation recAct, float epsilon) {
        this.act = act;
        this.recAct = recAct;
        this.epsilon = epsilon;
    }

    @Override
    public CellShape shape() {
        return CellShape.LAYER_NORM_GRU;
    }

    @Override
    public void build(int units, Parameter kernel, Parameter recurrentKernel) {
        int g = 3 * units;
        kernelGamma = LayerNormLstmCell.ones("kernel_norm_gamma", g);
        kernelBeta = new Parameter("kernel_norm_beta", g);
        recurrentGamma = LayerNormLstmCell.ones("recurrent_norm_gamma", g);
        recurrentBeta = new Parameter("recurrent_norm_beta", g);
        norms = new float[][] {kernelGamma.value(), kernelBeta.value(), recurrentGamma.value(), recurrentBeta.value()};
        caches = new NormCaches(6 * units + 4, 4 * units);
    }

    @Override
    public List<Parameter> extraParameters() {
        return kernelGamma == null ? List.of() : List.of(kernelGamma, kernelBeta, recurrentGamma, recurrentBeta);
    }

    @Override
    public void prepare(Workspace ws) {
        caches.sizeFor(ws);
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.layerNormGruForward(act, recAct, rows, h, epsilon, norms,
                ws.xp, row * g, ws.rp, r0 * g, bias, ws.hs, row * h,
                ws.gates, row * g, ws.aux, row * h, ws.hs, (row + b) * h,
                caches.stats, row * caches.statsStride);
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.layerNormGruBackward(act, recAct, rows, h, norms,
                ws.gates, row * g, ws.aux, row * h, ws.hs, row * h, caches.stats, row * caches.statsStride,
                ws.dh, r0 * h, ws.dxp, ws.dxpStart + row * g, ws.drp, ws.drpStart + row * g,
                ws.dhPrev, r0 * h, caches.grads, row * caches.gradStride);
    }

    @Override
    public void dropStepGradients(Workspace ws, int t, int r) {
        caches.dropGradients(ws, t, r);
    }

    /**
     * Each γ gets Σ g ⊙ x̂ and each β Σ g, g the gradient reaching that normalisation's output: the
     * same for both in the z and r blocks, where the caches keep it once.
     */
    @Override
    public void finishBackward(Workspace ws) {
        int hu = ws.units, g2 = 2 * hu, g3 = 3 * hu, rows = ws.steps * ws.batch;
        caches.addAffineGradients(rows, 0, 0, g3, kernelGamma, 0, kernelBeta);
        caches.addAffineGradients(rows, 0, g3, g2, recurrentGamma, 0, recurrentBeta);
        caches.addAffineGradients(rows, g3, g3 + g2, hu, recurrentGamma, g2, recurrentBeta);
    }
}

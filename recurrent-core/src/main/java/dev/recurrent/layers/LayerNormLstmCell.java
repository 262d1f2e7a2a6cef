package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;

import java.util.Arrays;
import java.util.List;

/**
 * The layer-normalised LSTM step, as TensorFlow Addons' {@code LayerNormLSTMCell} (after Ba, Kiros
 * &amp; Hinton 2016), gate order i, f, c, o; LN(v) = γ ⊙ (v − mean(v)) / sqrt(var(v) + ε) + β over
 * all the values of v:
 * <pre>
 * z = LN_k(x_t·W) + LN_r(h_{t-1}·U) + b           (each LN over the 4H values)
 * i = σ(z_i)  f = σ(z_f)  g = tanh(z_c)  o = σ(z_o)
 * c_t = LN_c(f ⊙ c_{t-1} + i ⊙ g)                 (the normalised c is the state carried on)
 * h_t = o ⊙ tanh(c_t)
 * </pre>
 * Its own weights: {@code kernel_norm_gamma}, {@code kernel_norm_beta}, {@code recurrent_norm_gamma},
 * {@code recurrent_norm_beta} [4H] and {@code state_norm_gamma}, {@code state_norm_beta} [H]; γ starts
 * at 1, β at 0. The step is {@link Kernels#layerNormLstmForward} / {@link Kernels#layerNormLstmBackward};
 * the bias, γ and β gradients are summed in {@link #finishBackward} from the {@link NormCaches}.
 */
final class LayerNormLstmCell implements Cell {
    private final Activation act, recAct;
    private final float epsilon;
    private Parameter bias, kernelGamma, kernelBeta, recurrentGamma, recurrentBeta, stateGamma, stateBeta;
    private float[][] norms;
    private NormCaches caches;

    LayerNormLstmCell(Activation act, Activation recAct, float epsilon) {
        this.act = act;
        this.recAct = recAct;
        this.epsilon = epsilon;
    }

    @Override
    public CellShape shape() {
        return CellShape.LAYER_NORM_LSTM;
    }

    @Override
    public void build(int units, Parameter kernel, Parameter recurrentKernel, Parameter bias) {
        this.bias = bias;
        int g = 4 * units;
        kernelGamma = ones("kernel_norm_gamma", g);
        kernelBeta = new Parameter("kernel_norm_beta", g);
        recurrentGamma = ones("recurrent_norm_gamma", g);
        recurrentBeta = new Parameter("recurrent_norm_beta", g);
        stateGamma = ones("state_norm_gamma", units);
        stateBeta = new Parameter("state_norm_beta", units);
        norms = new float[][] {kernelGamma.value(), kernelBeta.value(), recurrentGamma.value(), recurrentBeta.value(),
            stateGamma.value(), stateBeta.value()};
        caches = new NormCaches(9 * units + 3, 5 * units);
    }

    static Parameter ones(String name, int size) {
        Parameter p = new Parameter(name, size);
        Arrays.fill(p.value(), 1f);
        return p;
    }

    @Override
    public List<Parameter> extraParameters() {
        return kernelGamma == null ? List.of()
                : List.of(kernelGamma, kernelBeta, recurrentGamma, recurrentBeta, stateGamma, stateBeta);
    }

    @Override
    public void prepare(Workspace ws) {
        caches.sizeFor(ws);
    }

    @Override
    public boolean biasGradientFromInputProjection() {
        return false;
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.layerNormLstmForward(act, recAct, rows, h, epsilon, norms,
                ws.xp, row * g, ws.rp, r0 * g, bias, ws.cs, row * h,
                ws.gates, row * g, ws.cs, (row + b) * h, ws.aux, row * h, ws.hs, (row + b) * h,
                caches.stats, row * caches.statsStride);
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.layerNormLstmBackward(act, recAct, rows, h, norms,
                ws.gates, row * g, ws.aux, row * h, ws.cs, row * h, caches.stats, row * caches.statsStride,
                ws.dh, r0 * h, ws.dc, r0 * h, ws.dxp, ws.dxpStart + row * g, ws.drp, ws.drpStart + row * g,
                ws.dhPrev, r0 * h, caches.grads, row * caches.gradStride);
    }

    @Override
    public void dropStepGradients(Workspace ws, int t, int r) {
        caches.dropGradients(ws, t, r);
    }

    /** The bias gets Σ dz; each γ Σ dz ⊙ x̂ and each β Σ dz (dc ⊙ x̂_c and dc for the state's). */
    @Override
    public void finishBackward(Workspace ws) {
        int hu = ws.units, g4 = 4 * hu, rows = ws.steps * ws.batch;
        caches.addAffineGradients(rows, 0, 0, g4, kernelGamma, 0, kernelBeta);
        caches.addAffineGradients(rows, 0, g4, g4, recurrentGamma, 0, recurrentBeta);
        caches.addAffineGradients(rows, g4, 2 * g4, hu, stateGamma, 0, stateBeta);
        float[] db = bias.grad(), grads = caches.grads;
        for (int row = 0; row < rows; row++) {
            int d = row * caches.gradStride;
            for (int k = 0; k < g4; k++) {
                db[k] += grads[d + k];
            }
        }
    }
}

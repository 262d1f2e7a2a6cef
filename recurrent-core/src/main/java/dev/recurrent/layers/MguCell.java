package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;

/**
 * The minimal gated unit step (Zhou, Wu, Zhang &amp; Zhou 2016, "Minimal gated unit for recurrent
 * neural networks"): one gate f; gate order f, h; kernel [I, 2H], recurrent kernel [H, 2H], bias [2H]:
 * <pre>
 * f = σ(x_t·W_f + h_{t-1}·U_f + b_f)
 * h̃ = tanh(x_t·W_h + (f ⊙ h_{t-1})·U_h + b_h)
 * h_t = (1 − f) ⊙ h_{t-1} + f ⊙ h̃
 * </pre>
 * As the reset-before GRU ({@link GruResetBeforeCell}), with its update and reset gates tied
 * (z = 1 − f, r = f): the layer's per-step GEMM gives h_{t-1}·U_f, the step
 * ({@link Kernels#mguForward}) computes (f ⊙ h_{t-1})·U_h itself, {@code ws.aux} keeps f ⊙ h_{t-1},
 * and {@link #finishBackward} adds U_h's gradient. With recurrent dropout, h_{t-1} in both products is
 * the dropped one; the direct path (1 − f) ⊙ h_{t-1} uses the undropped state.
 */
final class MguCell implements Cell {
    private final Activation act, recAct;
    private Parameter recurrentKernel;
    private final GatedStateGradient hBlockGradient = new GatedStateGradient();

    MguCell(Activation act, Activation recAct) {
        this.act = act;
        this.recAct = recAct;
    }

    @Override
    public CellShape shape() {
        return CellShape.MGU;
    }

    /** f: the h block's product is (f ⊙ h_{t-1})·U_h, made in the step. */
    @Override
    public int recurrentProductGates() {
        return 1;
    }

    @Override
    public void build(int units, Parameter kernel, Parameter recurrentKernel) {
        this.recurrentKernel = recurrentKernel;
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.mguForward(act, recAct, rows, h,
                ws.xp, row * g, ws.rp, r0 * g, bias, recurrentKernel.value(),
                ws.hs, row * h, ws.hd, row * h,
                ws.gates, row * g, ws.aux, row * h, ws.hs, (row + b) * h);
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        hBlockGradient.use(k);
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        float[] mask = ws.hd != ws.hs ? ws.recurrentMask : null;
        k.mguBackward(act, recAct, rows, h, ws.recurrentKernelT,
                ws.gates, row * g, ws.hs, row * h, ws.hd, row * h, mask, r0 * h,
                ws.dh, r0 * h,
                ws.dxp, ws.dxpStart + row * g, ws.drp, ws.drpStart + row * g, ws.dhPrev, r0 * h);
    }

    /** U_h's gradient: Σ over steps and samples of (f ⊙ h_{t-1})ᵀ·dn. */
    @Override
    public void finishBackward(Workspace ws) {
        hBlockGradient.add(ws, recurrentKernel.grad(), ws.units);
    }
}

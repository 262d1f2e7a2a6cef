package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;

/**
 * The GRU step with {@code reset_after = false} (Keras' older form, as in Cho et al. 2014): the reset
 * gate is applied to h_{t-1} before the recurrent matmul. Gate order z, r, h; kernel [I, 3H],
 * recurrent kernel [H, 3H], bias [3H] (one bias, no separate recurrent bias):
 * <pre>
 * z = σ(x_t·W_z + b_z + h_{t-1}·U_z)      r = σ(x_t·W_r + b_r + h_{t-1}·U_r)
 * n = tanh(x_t·W_h + b_h + (r ⊙ h_{t-1})·U_h)
 * h_t = z ⊙ h_{t-1} + (1 − z) ⊙ n
 * </pre>
 * With recurrent dropout, h_{t-1} in the three matmuls is the dropped one (one mask, as the other
 * cells here); the direct path z ⊙ h_{t-1} uses the undropped state.
 *
 * <p>The layer's per-step GEMM computes h_{t-1}·U for the z and r blocks only ({@link #recurrentProductGates}); this step
 * ({@link Kernels#gruResetBeforeForward}) uses the z and r blocks of it and computes (r ⊙ h_{t-1})·U_h
 * with a GEMM of its own. In backward ({@link Kernels#gruResetBeforeBackward}) it writes a zero h
 * block into the recurrent-projection gradient, adds the h block's part of the gradient of h_{t-1}
 * ((dn·U_hᵀ) ⊙ r) to the direct path, and {@link #finishBackward} adds U_h's gradient Σ (r ⊙ h_{t-1})ᵀ·dn. The cache {@code ws.aux}
 * holds r ⊙ h_{t-1} of each step.
 */
final class GruResetBeforeCell implements Cell {
    private final Activation act, recAct;
    private Parameter recurrentKernel;
    private final GatedStateGradient hBlockGradient = new GatedStateGradient();

    GruResetBeforeCell(Activation act, Activation recAct) {
        this.act = act;
        this.recAct = recAct;
    }

    @Override
    public CellShape shape() {
        return CellShape.GRU_RESET_BEFORE;
    }

    /** z and r: the h block's product is (r ⊙ h_{t-1})·U_h, made in the step. */
    @Override
    public int recurrentProductGates() {
        return 2;
    }

    @Override
    public void build(int units, Parameter kernel, Parameter recurrentKernel) {
        this.recurrentKernel = recurrentKernel;
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.gruResetBeforeForward(act, recAct, rows, h,
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
        k.gruResetBeforeBackward(act, recAct, rows, h, ws.recurrentKernelT,
                ws.gates, row * g, ws.hs, row * h, ws.hd, row * h, mask, r0 * h,
                ws.dh, r0 * h,
                ws.dxp, ws.dxpStart + row * g, ws.drp, ws.drpStart + row * g, ws.dhPrev, r0 * h);
    }

    /** U_h's gradient: Σ over steps and samples of (r ⊙ h_{t-1})ᵀ·dn. */
    @Override
    public void finishBackward(Workspace ws) {
        hBlockGradient.add(ws, recurrentKernel.grad(), 2 * ws.units);
    }
}

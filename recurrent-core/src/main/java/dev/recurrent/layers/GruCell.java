package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;

/**
 * The GRU step with {@code reset_after = true} (Keras 2/3 default, cuDNN and PyTorch form), gate
 * order z, r, h, bias [2, 3H] (input bias, recurrent bias):
 * <pre>
 * z = σ(x_t·W_z + b_z + h_{t-1}·U_z + rb_z)     r = σ(x_t·W_r + b_r + h_{t-1}·U_r + rb_r)
 * n = tanh(x_t·W_h + b_h + r ⊙ (h_{t-1}·U_h + rb_h))
 * h_t = z ⊙ h_{t-1} + (1 − z) ⊙ n
 * </pre>
 */
final class GruCell implements Cell {
    private final Activation act, recAct;

    GruCell(Activation act, Activation recAct) {
        this.act = act;
        this.recAct = recAct;
    }

    @Override
    public CellShape shape() {
        return CellShape.GRU;
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.gruForward(act, recAct, rows, h,
                ws.xp, row * g, ws.rp, r0 * g, bias,
                ws.hs, row * h,
                ws.gates, row * g, ws.aux, row * h, ws.hs, (row + b) * h);
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.gruBackward(act, recAct, rows, h,
                ws.gates, row * g, ws.aux, row * h, ws.hs, row * h,
                ws.dh, r0 * h,
                ws.dxp, ws.dxpStart + row * g, ws.drp, ws.drpStart + row * g, ws.dhPrev, r0 * h);
    }
}

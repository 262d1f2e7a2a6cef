package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;

/**
 * The CIFG LSTM step (coupled input and forget gates, Greff et al. 2017): the input gate is
 * {@code i = 1 − f}, so there is one gate fewer; gate order f, c, o (G = 3), kernel [I, 3H],
 * recurrent kernel [H, 3H], bias [3H]:
 * <pre>
 * z = x_t·W + h_{t-1}·U + b
 * f = σ(z_f)   g = tanh(z_c)   o = σ(z_o)
 * c_t = f ⊙ c_{t-1} + (1 − f) ⊙ g          h_t = o ⊙ tanh(c_t)
 * </pre>
 * The step is {@link Kernels#cifgLstmForward} and {@link Kernels#cifgLstmBackward}; the GEMMs
 * around it are the layer's usual ones.
 */
final class CifgLstmCell implements Cell {
    private final Activation act, recAct;

    CifgLstmCell(Activation act, Activation recAct) {
        this.act = act;
        this.recAct = recAct;
    }

    @Override
    public CellShape shape() {
        return CellShape.CIFG_LSTM;
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.cifgLstmForward(act, recAct, rows, h,
                ws.xp, row * g, ws.rp, r0 * g, bias,
                ws.cs, row * h,
                ws.gates, row * g, ws.cs, (row + b) * h, ws.aux, row * h,
                ws.hs, (row + b) * h);
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.cifgLstmBackward(act, recAct, rows, h,
                ws.gates, row * g, ws.aux, row * h, ws.cs, row * h,
                ws.dh, r0 * h, ws.dc, r0 * h, ws.dxp, ws.dxpStart + row * g);
    }
}

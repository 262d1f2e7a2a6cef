package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;

/**
 * The LSTM step, gate order i, f, c, o (Keras):
 * <pre>
 * z = x_t·W + h_{t-1}·U + b
 * i = σ(z_i)   f = σ(z_f)   g = tanh(z_c)   o = σ(z_o)
 * c_t = f ⊙ c_{t-1} + i ⊙ g          h_t = o ⊙ tanh(c_t)
 * </pre>
 * σ is the recurrent activation and tanh the activation.
 */
final class LstmCell implements Cell {
    private final Activation act, recAct;

    LstmCell(Activation act, Activation recAct) {
        this.act = act;
        this.recAct = recAct;
    }

    @Override
    public CellShape shape() {
        return CellShape.LSTM;
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.lstmForward(act, recAct, rows, h,
                ws.xp, row * g, ws.rp, r0 * g, bias,
                ws.cs, row * h,
                ws.gates, row * g, ws.cs, (row + b) * h, ws.aux, row * h,
                ws.hs, (row + b) * h);
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.lstmBackward(act, recAct, rows, h,
                ws.gates, row * g, ws.aux, row * h, ws.cs, row * h,
                ws.dh, r0 * h, ws.dc, r0 * h, ws.dxp, ws.dxpStart + row * g);
    }
}

package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;

/** The simple RNN step: {@code h_t = tanh(x_t·W + h_{t-1}·U + b)} (tanh being the activation). */
final class SimpleRnnCell implements Cell {
    private final Activation act;

    SimpleRnnCell(Activation act) {
        this.act = act;
    }

    @Override
    public CellShape shape() {
        return CellShape.SIMPLE_RNN;
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units;
        int row = t * b + r0;
        k.rnnForward(act, rows, h, ws.xp, row * h, ws.rp, r0 * h, bias, ws.hs, (row + b) * h);
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units;
        int row = t * b + r0;
        k.rnnBackward(act, rows, h, ws.hs, (row + b) * h, ws.dh, r0 * h, ws.dxp, ws.dxpStart + row * h);
    }
}

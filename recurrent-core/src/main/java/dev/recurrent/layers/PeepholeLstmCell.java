package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.kernels.Kernels;

import java.util.List;

/**
 * The peephole LSTM step (Gers &amp; Schmidhuber 2000), gate order i, f, c, o as {@link LstmCell}:
 * <pre>
 * z = x_t·W + h_{t-1}·U + b
 * i = σ(z_i + p_i ⊙ c_{t-1})     f = σ(z_f + p_f ⊙ c_{t-1})     g = tanh(z_c)
 * c_t = f ⊙ c_{t-1} + i ⊙ g
 * o = σ(z_o + p_o ⊙ c_t)          h_t = o ⊙ tanh(c_t)
 * </pre>
 * The peepholes are diagonal (one weight per unit and gate): the parameter {@code peephole} [3, H],
 * rows p_i, p_f, p_o, initialized to zeros (a fresh peephole LSTM computes what an LSTM with the
 * same other weights computes).
 *
 * <p>The step is {@link Kernels#peepholeLstmForward} and {@link Kernels#peepholeLstmBackward}; the
 * GEMMs around it are the layer's usual ones. The peephole gradient is summed once per backward pass in {@link #finishBackward} from the gate gradients and
 * the cell states the workspace keeps, so that the per-step work stays row-local (safe to split
 * across threads).
 */
final class PeepholeLstmCell implements Cell {
    private final Activation act, recAct;
    private Parameter peephole;

    PeepholeLstmCell(Activation act, Activation recAct) {
        this.act = act;
        this.recAct = recAct;
    }

    @Override
    public CellShape shape() {
        return CellShape.LSTM;
    }

    @Override
    public void build(int units, Parameter kernel, Parameter recurrentKernel) {
        peephole = new Parameter("peephole", 3, units);
    }

    @Override
    public List<Parameter> extraParameters() {
        return peephole == null ? List.of() : List.of(peephole);
    }

    Parameter peephole() {
        return peephole;
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.peepholeLstmForward(act, recAct, rows, h,
                ws.xp, row * g, ws.rp, r0 * g, bias, peephole.value(),
                ws.cs, row * h,
                ws.gates, row * g, ws.cs, (row + b) * h, ws.aux, row * h,
                ws.hs, (row + b) * h);
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, h = ws.units, g = ws.gateWidth;
        int row = t * b + r0;
        k.peepholeLstmBackward(act, recAct, rows, h, peephole.value(),
                ws.gates, row * g, ws.aux, row * h, ws.cs, row * h,
                ws.dh, r0 * h, ws.dc, r0 * h, ws.dxp, ws.dxpStart + row * g);
    }

    /** dp_i = Σ dz_i ⊙ c_{t-1}, dp_f = Σ dz_f ⊙ c_{t-1}, dp_o = Σ dz_o ⊙ c_t over steps and samples. */
    @Override
    public void finishBackward(Workspace ws) {
        int hu = ws.units, g4 = ws.gateWidth, rows = ws.steps * ws.batch, b = ws.batch;
        float[] dp = peephole.grad(), dz = ws.dxp, cs = ws.cs;
        for (int n = 0; n < rows; n++) {
            int d = ws.dxpStart + n * g4, cp = n * hu, cn = (n + b) * hu;
            for (int j = 0; j < hu; j++) {
                dp[j] += dz[d + j] * cs[cp + j];
                dp[hu + j] += dz[d + hu + j] * cs[cp + j];
                dp[2 * hu + j] += dz[d + 3 * hu + j] * cs[cn + j];
            }
        }
    }
}

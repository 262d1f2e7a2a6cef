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
 * The step runs as plain Java loops (the fused {@link Kernels} gate kernels know only the standard
 * cells); the GEMMs around it are the layer's usual ones.
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
        int b = ws.batch, hu = ws.units, g3 = ws.gateWidth;
        int row = t * b + r0;
        float[] xp = ws.xp, rp = ws.rp, cs = ws.cs, gates = ws.gates, aux = ws.aux, hs = ws.hs;
        for (int r = 0; r < rows; r++) {
            int x = (row + r) * g3, q = (r0 + r) * g3, cp = (row + r) * hu, cn = (row + b + r) * hu;
            for (int j = 0; j < hu; j++) {
                float f = recAct.apply(xp[x + j] + rp[q + j] + bias[j]);
                float gg = act.apply(xp[x + hu + j] + rp[q + hu + j] + bias[hu + j]);
                float o = recAct.apply(xp[x + 2 * hu + j] + rp[q + 2 * hu + j] + bias[2 * hu + j]);
                float c = f * cs[cp + j] + (1f - f) * gg;
                float ca = act.apply(c);
                gates[x + j] = f;
                gates[x + hu + j] = gg;
                gates[x + 2 * hu + j] = o;
                cs[cn + j] = c;
                aux[cp + j] = ca;
                hs[cn + j] = o * ca;
            }
        }
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, hu = ws.units, g3 = ws.gateWidth;
        int row = t * b + r0;
        float[] gates = ws.gates, aux = ws.aux, cs = ws.cs, dh = ws.dh, dc = ws.dc, dz = ws.dxp;
        for (int r = 0; r < rows; r++) {
            int g = (row + r) * g3, d = ws.dxpStart + g, cp = (row + r) * hu, s = (r0 + r) * hu;
            for (int j = 0; j < hu; j++) {
                float f = gates[g + j], gg = gates[g + hu + j], o = gates[g + 2 * hu + j];
                float ca = aux[cp + j];
                float dhv = dh[s + j];
                float dct = dc[s + j] + dhv * o * act.derivativeFromOutput(ca);
                dz[d + j] = dct * (cs[cp + j] - gg) * recAct.derivativeFromOutput(f);
                dz[d + hu + j] = dct * (1f - f) * act.derivativeFromOutput(gg);
                dz[d + 2 * hu + j] = dhv * ca * recAct.derivativeFromOutput(o);
                dc[s + j] = dct * f;
            }
        }
    }
}

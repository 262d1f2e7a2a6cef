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
 * <p>The step runs as plain Java loops (not through the fused {@link Kernels} gate kernels, which
 * know only the standard cells); the GEMMs around it are the layer's usual ones. The peephole
 * gradient is summed once per backward pass in {@link #finishBackward} from the gate gradients and
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
        int b = ws.batch, hu = ws.units, g4 = ws.gateWidth;
        int row = t * b + r0;
        float[] p = peephole.value();
        float[] xp = ws.xp, rp = ws.rp, cs = ws.cs, gates = ws.gates, aux = ws.aux, hs = ws.hs;
        for (int r = 0; r < rows; r++) {
            int x = (row + r) * g4, q = (r0 + r) * g4, cp = (row + r) * hu, cn = (row + b + r) * hu;
            for (int j = 0; j < hu; j++) {
                float cPrev = cs[cp + j];
                float i = recAct.apply(xp[x + j] + rp[q + j] + bias[j] + p[j] * cPrev);
                float f = recAct.apply(xp[x + hu + j] + rp[q + hu + j] + bias[hu + j] + p[hu + j] * cPrev);
                float gg = act.apply(xp[x + 2 * hu + j] + rp[q + 2 * hu + j] + bias[2 * hu + j]);
                float c = f * cPrev + i * gg;
                float o = recAct.apply(xp[x + 3 * hu + j] + rp[q + 3 * hu + j] + bias[3 * hu + j] + p[2 * hu + j] * c);
                float ca = act.apply(c);
                gates[x + j] = i;
                gates[x + hu + j] = f;
                gates[x + 2 * hu + j] = gg;
                gates[x + 3 * hu + j] = o;
                cs[cn + j] = c;
                aux[cp + j] = ca;
                hs[cn + j] = o * ca;
            }
        }
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, hu = ws.units, g4 = ws.gateWidth;
        int row = t * b + r0;
        float[] p = peephole.value();
        float[] gates = ws.gates, aux = ws.aux, cs = ws.cs, dh = ws.dh, dc = ws.dc, dz = ws.dxp;
        for (int r = 0; r < rows; r++) {
            int g = (row + r) * g4, d = ws.dxpStart + g, cp = (row + r) * hu, s = (r0 + r) * hu;
            for (int j = 0; j < hu; j++) {
                float i = gates[g + j], f = gates[g + hu + j], gg = gates[g + 2 * hu + j], o = gates[g + 3 * hu + j];
                float ca = aux[cp + j];
                float dhv = dh[s + j];
                float dzo = dhv * ca * recAct.derivativeFromOutput(o);
                float dct = dc[s + j] + dhv * o * act.derivativeFromOutput(ca) + dzo * p[2 * hu + j];
                float cPrev = cs[cp + j];
                float dzi = dct * gg * recAct.derivativeFromOutput(i);
                float dzf = dct * cPrev * recAct.derivativeFromOutput(f);
                dz[d + j] = dzi;
                dz[d + hu + j] = dzf;
                dz[d + 2 * hu + j] = dct * i * act.derivativeFromOutput(gg);
                dz[d + 3 * hu + j] = dzo;
                dc[s + j] = dct * f + dzi * p[j] + dzf * p[hu + j];
            }
        }
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

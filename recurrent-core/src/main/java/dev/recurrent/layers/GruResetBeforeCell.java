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
 * <p>The layer's per-step GEMM computes h_{t-1}·U for all three blocks; this step uses the z and r
 * blocks of it and computes (r ⊙ h_{t-1})·U_h itself, with plain Java loops (not the fused
 * {@link Kernels} gate kernels). In backward it writes a zero h block into the recurrent-projection
 * gradient, adds the h block's part of the gradient of h_{t-1} ((dn·U_hᵀ) ⊙ r) to the direct path,
 * and {@link #finishBackward} adds U_h's gradient Σ (r ⊙ h_{t-1})ᵀ·dn. The cache {@code ws.aux}
 * holds r ⊙ h_{t-1} of each step.
 */
final class GruResetBeforeCell implements Cell {
    private final Activation act, recAct;
    private Parameter recurrentKernel;

    GruResetBeforeCell(Activation act, Activation recAct) {
        this.act = act;
        this.recAct = recAct;
    }

    @Override
    public CellShape shape() {
        return CellShape.GRU_RESET_BEFORE;
    }

    @Override
    public void build(int units, Parameter kernel, Parameter recurrentKernel) {
        this.recurrentKernel = recurrentKernel;
    }

    @Override
    public void forward(Kernels k, Workspace ws, float[] bias, int t, int r0, int rows) {
        int b = ws.batch, hu = ws.units, g3 = ws.gateWidth;
        int row = t * b + r0;
        float[] u = recurrentKernel.value();
        float[] xp = ws.xp, rp = ws.rp, hs = ws.hs, hd = ws.hd, gates = ws.gates, aux = ws.aux;
        for (int r = 0; r < rows; r++) {
            int x = (row + r) * g3, q = (r0 + r) * g3, hp = (row + r) * hu, hn = (row + b + r) * hu;
            for (int j = 0; j < hu; j++) {
                float z = recAct.apply(xp[x + j] + bias[j] + rp[q + j]);
                float rr = recAct.apply(xp[x + hu + j] + bias[hu + j] + rp[q + hu + j]);
                gates[x + j] = z;
                gates[x + hu + j] = rr;
                aux[hp + j] = rr * hd[hp + j];
            }
            for (int j = 0; j < hu; j++) {
                float s = xp[x + 2 * hu + j] + bias[2 * hu + j];
                for (int m = 0; m < hu; m++) {
                    s += aux[hp + m] * u[m * g3 + 2 * hu + j];
                }
                float nn = act.apply(s);
                float z = gates[x + j];
                gates[x + 2 * hu + j] = nn;
                hs[hn + j] = z * hs[hp + j] + (1f - z) * nn;
            }
        }
    }

    @Override
    public void backward(Kernels k, Workspace ws, int t, int r0, int rows) {
        int b = ws.batch, hu = ws.units, g3 = ws.gateWidth;
        int row = t * b + r0;
        float[] u = recurrentKernel.value();
        float[] gates = ws.gates, hs = ws.hs, hd = ws.hd, dh = ws.dh;
        float[] dxp = ws.dxp, drp = ws.drp, dhPrev = ws.dhPrev;
        boolean dropped = ws.hd != ws.hs;
        for (int r = 0; r < rows; r++) {
            int g = (row + r) * g3, d = ws.dxpStart + g, q = ws.drpStart + g, hp = (row + r) * hu, s = (r0 + r) * hu;
            for (int j = 0; j < hu; j++) {
                float z = gates[g + j], nn = gates[g + 2 * hu + j];
                float dhv = dh[s + j];
                float dzz = dhv * (hs[hp + j] - nn) * recAct.derivativeFromOutput(z);
                dxp[d + j] = dzz;
                drp[q + j] = dzz;
                float dn = dhv * (1f - z) * act.derivativeFromOutput(nn);
                dxp[d + 2 * hu + j] = dn;
                drp[q + 2 * hu + j] = 0f;
                dhPrev[s + j] = dhv * z;
            }
            for (int m = 0; m < hu; m++) {
                // da_m = Σ_j dn_j · U_h[m, j], a = r ⊙ hd
                float da = 0f;
                for (int j = 0; j < hu; j++) {
                    da += dxp[d + 2 * hu + j] * u[m * g3 + 2 * hu + j];
                }
                float rr = gates[g + hu + m];
                float dr = da * hd[hp + m] * recAct.derivativeFromOutput(rr);
                dxp[d + hu + m] = dr;
                drp[q + hu + m] = dr;
                float dhd = da * rr;
                dhPrev[s + m] += dropped ? dhd * ws.recurrentMask[s + m] : dhd;
            }
        }
    }

    /** U_h's gradient: Σ over steps and samples of (r ⊙ h_{t-1})ᵀ·dn. */
    @Override
    public void finishBackward(Workspace ws) {
        int hu = ws.units, g3 = ws.gateWidth, rows = ws.steps * ws.batch;
        float[] du = recurrentKernel.grad(), a = ws.aux, dz = ws.dxp;
        for (int n = 0; n < rows; n++) {
            int g = ws.dxpStart + n * g3 + 2 * hu, ap = n * hu;
            for (int m = 0; m < hu; m++) {
                float am = a[ap + m];
                if (am == 0f) {
                    continue;
                }
                int o = m * g3 + 2 * hu;
                for (int j = 0; j < hu; j++) {
                    du[o + j] += am * dz[g + j];
                }
            }
        }
    }
}

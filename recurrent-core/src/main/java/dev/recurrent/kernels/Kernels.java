package dev.recurrent.kernels;

/**
 * The numerical primitives every layer is built from: a GEMM with transpose flags and the fused
 * element-wise gate math of the three cells and of their variants (peephole and CIFG LSTM, GRU with
 * the reset gate before the recurrent product), forward and backward.
 *
 * <p>All matrices are row-major {@code float[]} with an offset and a leading dimension (the
 * distance between two rows). Callers validate shapes; implementations only {@code assert}.
 * {@link ScalarKernels} is the reference; {@code VectorKernels} (JDK Vector API) is the fast twin,
 * held equal to it by tests. {@link KernelsProvider} picks one.
 *
 * <p>Gate buffers hold one row per batch entry: {@code G·H} values in Keras' column-block order
 * (LSTM i, f, c, o; GRU z, r, h; simple RNN one block).
 */
public interface Kernels {

    /** A short name for logs, e.g. {@code "vector(512-bit)"} or {@code "scalar"}. */
    String name();

    /**
     * How the GEMM is blocked for this machine, for logs and benchmark records, e.g.
     * {@code "gemm 8x32 kc 512 mc 128 nc 4096 (32 vector registers; L1d 32 KiB, ...)"}; empty when the
     * kernels have no machine-dependent blocking.
     */
    default String blocking() {
        return "";
    }

    /**
     * How many times these kernels have been sent back to the JIT after their compiled code was seen
     * allocating (boxed vectors; only the Vector API kernels do this, at most twice per process).
     */
    default int recompilations() {
        return 0;
    }

    /**
     * Whether the workers running these kernels were ever seen allocating as kernels compiled with
     * boxed vectors do (only the Vector API kernels watch for it), whether a recompilation cured it or not.
     */
    default boolean boxingSeen() {
        return false;
    }

    /**
     * {@code C = op(A) · op(B) + (accumulate ? C : 0)} with {@code op(A)} of shape [m, k] and
     * {@code op(B)} of shape [k, n]. {@code A} is stored [m, k] or, when {@code transA}, [k, m];
     * {@code B} is stored [k, n] or, when {@code transB}, [n, k]. The result is the same for any
     * number of threads.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              boolean accumulate, float[] c, int cOff, int ldc);

    /**
     * Prepares B [k, n] (row-major, leading dimension {@code ldb}) for {@link #gemmPacked}, reusing
     * the storage of {@code into} when it is not null. The result refers to {@code b}: pack again
     * after b changes.
     */
    PackedMatrix pack(float[] b, int bOff, int ldb, int k, int n, PackedMatrix into);

    /**
     * {@code C = A · B + (accumulate ? C : 0)} with A [m, k] (row-major, {@code lda}) and B from
     * {@link #pack}: bit for bit what {@link #gemm} gives for the same B, without packing it again.
     */
    void gemmPacked(int m, int n, int k, float[] a, int aOff, int lda, PackedMatrix b,
                    boolean accumulate, float[] c, int cOff, int ldc);

    /**
     * One LSTM step for {@code rows} batch entries, gate order i, f, c, o:
     * <pre>
     * z = xp + rp + bias                      (xp, rp: [rows, 4H]; bias: [4H])
     * i = σ(z_i)  f = σ(z_f)  g = act(z_c)  o = σ(z_o)      (σ = recurrent activation)
     * c = f ⊙ cPrev + i ⊙ g                  (cPrev, c: [rows, H])
     * cAct = act(c)   h = o ⊙ cAct            (cAct, h: [rows, H])
     * </pre>
     * The activated gates are written to {@code gates} [rows, 4H] for the backward pass.
     */
    void lstmForward(Activation act, Activation recAct, int rows, int units,
                     float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                     float[] cPrev, int cPrevOff,
                     float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                     float[] h, int hOff);

    /**
     * Backward through one LSTM step. On entry {@code dh} is the gradient reaching {@code h_t} and
     * {@code dc} the gradient reaching {@code c_t} from step t+1; on exit {@code dc} holds the
     * gradient reaching {@code c_{t-1}}. Writes the pre-activation gradient {@code dz} [rows, 4H].
     */
    void lstmBackward(Activation act, Activation recAct, int rows, int units,
                      float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                      float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff);

    /**
     * One GRU step ({@code reset_after = true}) for {@code rows} entries, gate order z, r, h:
     * <pre>
     * z = σ(xp_z + b_z + rp_z + rb_z)    r = σ(xp_r + b_r + rp_r + rb_r)
     * hh = rp_h + rb_h                    n = act(xp_h + b_h + r ⊙ hh)
     * h = z ⊙ hPrev + (1 − z) ⊙ n
     * </pre>
     * {@code bias} is [2, 3H]: input bias then recurrent bias. Writes z, r, n to {@code gates}
     * [rows, 3H] and {@code hh} [rows, H] for the backward pass.
     */
    void gruForward(Activation act, Activation recAct, int rows, int units,
                    float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                    float[] hPrev, int hPrevOff,
                    float[] gates, int gOff, float[] hh, int hhOff, float[] h, int hOff);

    /**
     * Backward through one GRU step: from {@code dh} [rows, H] writes the gradient of the input
     * projection {@code dxp} [rows, 3H], of the recurrent projection {@code drp} [rows, 3H] and
     * the direct part of the gradient of {@code hPrev}, {@code dhPrev = dh ⊙ z} (overwritten).
     */
    void gruBackward(Activation act, Activation recAct, int rows, int units,
                     float[] gates, int gOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                     float[] dh, int dhOff,
                     float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff);

    /**
     * One peephole LSTM step: {@link #lstmForward} with diagonal peepholes {@code peephole} [3, H]
     * (rows p_i, p_f, p_o) added to the gate pre-activations:
     * <pre>
     * i = σ(z_i + p_i ⊙ cPrev)   f = σ(z_f + p_f ⊙ cPrev)   g = act(z_c)
     * c = f ⊙ cPrev + i ⊙ g      o = σ(z_o + p_o ⊙ c)       h = o ⊙ act(c)
     * </pre>
     */
    void peepholeLstmForward(Activation act, Activation recAct, int rows, int units,
                             float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] peephole,
                             float[] cPrev, int cPrevOff,
                             float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                             float[] h, int hOff);

    /**
     * Backward through one peephole LSTM step, as {@link #lstmBackward}; the gradient reaching
     * {@code c_{t-1}} includes the peepholes' paths. The peepholes' own gradient is not summed here.
     */
    void peepholeLstmBackward(Activation act, Activation recAct, int rows, int units, float[] peephole,
                              float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                              float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff);

    /**
     * One CIFG LSTM step (coupled input and forget gates, {@code i = 1 − f}), gate order f, c, o:
     * <pre>
     * z = xp + rp + bias                      (xp, rp: [rows, 3H]; bias: [3H])
     * f = σ(z_f)  g = act(z_c)  o = σ(z_o)
     * c = f ⊙ cPrev + (1 − f) ⊙ g   cAct = act(c)   h = o ⊙ cAct
     * </pre>
     * The activated gates are written to {@code gates} [rows, 3H].
     */
    void cifgLstmForward(Activation act, Activation recAct, int rows, int units,
                         float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                         float[] cPrev, int cPrevOff,
                         float[] gates, int gOff, float[] c, int cOff, float[] cAct, int caOff,
                         float[] h, int hOff);

    /** Backward through one CIFG LSTM step, with the arguments of {@link #lstmBackward} and dz [rows, 3H]. */
    void cifgLstmBackward(Activation act, Activation recAct, int rows, int units,
                          float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                          float[] dh, int dhOff, float[] dc, int dcOff, float[] dz, int dzOff);

    /**
     * One GRU step with {@code reset_after = false}, gate order z, r, h, bias [3H]:
     * <pre>
     * z = σ(xp_z + b_z + rp_z)     r = σ(xp_r + b_r + rp_r)
     * rh = r ⊙ hDropped            n = act(xp_h + b_h + rh · U_h)
     * h = z ⊙ hPrev + (1 − z) ⊙ n
     * </pre>
     * {@code rp} holds the z and r blocks of the recurrent projection (its h block is not read);
     * U_h is the h block of {@code recurrentKernel} [H, 3H], applied with {@link #gemm}.
     * {@code hDropped} is h_{t-1} as the recurrent projection saw it (with recurrent dropout) and
     * {@code hPrev} the undropped state. Writes z, r, n to {@code gates} [rows, 3H] and
     * {@code rh} [rows, H] for the backward pass.
     */
    void gruResetBeforeForward(Activation act, Activation recAct, int rows, int units,
                               float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] recurrentKernel,
                               float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                               float[] gates, int gOff, float[] rh, int rhOff, float[] h, int hOff);

    /**
     * Backward through one reset-before GRU step: writes {@code dxp} [rows, 3H] and {@code drp}
     * [rows, 3H] (its h block zero: U_h's gradient comes from {@code rh}, not from h_{t-1}), and the
     * gradient of h_{t-1} reaching it directly and through {@code rh},
     * {@code dhPrev = dh ⊙ z + ((dn · U_hᵀ) ⊙ r) ⊙ mask} (overwritten; {@code mask} is the recurrent
     * dropout mask [rows, H], or null without one). {@code recurrentKernelT} is the recurrent kernel
     * transposed, [3H, H]: U_hᵀ is its last H rows, read as they are (a transpose per step would cost
     * more than the product).
     */
    void gruResetBeforeBackward(Activation act, Activation recAct, int rows, int units, float[] recurrentKernelT,
                                float[] gates, int gOff, float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                                float[] mask, int maskOff, float[] dh, int dhOff,
                                float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff);

    // The three cells below share one element-wise implementation (MguGates, LayerNormGates) in both
    // kernel sets; only the matrix products they call through this interface differ.

    /**
     * One minimal-gated-unit step (Zhou et al. 2016), gate order f, h, bias [2H]:
     * <pre>
     * f = σ(xp_f + b_f + rp_f)     a = f ⊙ hDropped     n = act(xp_h + b_h + a · U_h)
     * h = (1 − f) ⊙ hPrev + f ⊙ n
     * </pre>
     * {@code rp} holds the f block of the recurrent projection (its h block is not read); U_h is the
     * h block of {@code recurrentKernel} [H, 2H]. Writes f, n to {@code gates} [rows, 2H] and
     * {@code a} to {@code fh} [rows, H] for the backward pass.
     */
    default void mguForward(Activation act, Activation recAct, int rows, int units,
                            float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] recurrentKernel,
                            float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                            float[] gates, int gOff, float[] fh, int fhOff, float[] h, int hOff) {
        MguGates.forward(this, act, recAct, rows, units, xp, xpOff, rp, rpOff, bias, recurrentKernel,
                hPrev, hPrevOff, hDropped, hdOff, gates, gOff, fh, fhOff, h, hOff);
    }

    /**
     * Backward through one minimal-gated-unit step, as {@link #gruResetBeforeBackward}: writes
     * {@code dxp} and {@code drp} [rows, 2H] (the latter's h block zero) and
     * {@code dhPrev = dh ⊙ (1 − f) + ((dn · U_hᵀ) ⊙ f) ⊙ mask} (overwritten).
     * {@code recurrentKernelT} is the recurrent kernel transposed, [2H, H]: U_hᵀ is its last H rows.
     */
    default void mguBackward(Activation act, Activation recAct, int rows, int units, float[] recurrentKernelT,
                             float[] gates, int gOff, float[] hPrev, int hPrevOff, float[] hDropped, int hdOff,
                             float[] mask, int maskOff, float[] dh, int dhOff,
                             float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff) {
        MguGates.backward(this, act, recAct, rows, units, recurrentKernelT, gates, gOff, hPrev, hPrevOff,
                hDropped, hdOff, mask, maskOff, dh, dhOff, dxp, dxpOff, drp, drpOff, dhPrev, dhPrevOff);
    }

    /**
     * One layer-normalised LSTM step as TensorFlow Addons' {@code LayerNormLSTMCell}, gate order
     * i, f, c, o, each LN over a whole row (LN(v) = γ ⊙ (v − mean) / sqrt(var + ε) + β):
     * <pre>
     * z = LN_k(xp) + LN_r(rp) + bias           (over all 4H values of each)
     * i = σ(z_i)  f = σ(z_f)  g = act(z_c)  o = σ(z_o)
     * c = LN_c(f ⊙ cPrev + i ⊙ g)   cAct = act(c)   h = o ⊙ cAct
     * </pre>
     * {@code norms} = {γ_k, β_k, γ_r, β_r} [4H] each, then {γ_c, β_c} [H]. The normalised c is the
     * state carried on. Per row, {@code stats} [rows, 9H + 3] receives x̂_k [4H], x̂_r [4H], x̂_c [H]
     * and the three 1 / sqrt(var + ε).
     */
    default void layerNormLstmForward(Activation act, Activation recAct, int rows, int units, float epsilon, float[][] norms,
                                      float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                      float[] cPrev, int cPrevOff, float[] gates, int gOff, float[] c, int cOff,
                                      float[] cAct, int caOff, float[] h, int hOff, float[] stats, int sOff) {
        LayerNormGates.lstmForward(act, recAct, rows, units, epsilon, norms, xp, xpOff, rp, rpOff, bias,
                cPrev, cPrevOff, gates, gOff, c, cOff, cAct, caOff, h, hOff, stats, sOff);
    }

    /**
     * Backward through one layer-normalised LSTM step: {@code dxp}, {@code drp} [rows, 4H] (the
     * gradients of the two projections), dc updated as {@link #lstmBackward}, {@code dhPrev} zero,
     * and per row {@code dNorm} [rows, 5H]: the gradient of z [4H] and of the normalised c [H], from
     * which the γ, β and bias gradients are summed.
     */
    default void layerNormLstmBackward(Activation act, Activation recAct, int rows, int units, float[][] norms,
                                       float[] gates, int gOff, float[] cAct, int caOff, float[] cPrev, int cPrevOff,
                                       float[] stats, int sOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                       float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff,
                                       float[] dNorm, int dnOff) {
        LayerNormGates.lstmBackward(act, recAct, rows, units, norms, gates, gOff, cAct, caOff, cPrev, cPrevOff,
                stats, sOff, dh, dhOff, dc, dcOff, dxp, dxpOff, drp, drpOff, dhPrev, dhPrevOff, dNorm, dnOff);
    }

    /**
     * One layer-normalised GRU step as Ba, Kiros &amp; Hinton's {@code lngru_layer}, gate order z, r, h,
     * bias [3H]; LN_x and LN_r each normalise the z and r blocks together and the h block alone:
     * <pre>
     * a = LN_x(xp + bias)   q = LN_r(rp)
     * z = σ(a_z + q_z)   r = σ(a_r + q_r)   n = act(a_h + r ⊙ q_h)
     * h = z ⊙ hPrev + (1 − z) ⊙ n
     * </pre>
     * {@code norms} = {γ_x, β_x, γ_r, β_r} [3H] each. Writes z, r, n to {@code gates}, q_h to
     * {@code qh} [rows, H], and per row to {@code stats} [rows, 6H + 4] x̂ [3H], q̂ [3H] and the four
     * 1 / sqrt(var + ε). {@code xp} is changed (the bias is added to it).
     */
    default void layerNormGruForward(Activation act, Activation recAct, int rows, int units, float epsilon, float[][] norms,
                                     float[] xp, int xpOff, float[] rp, int rpOff, float[] bias,
                                     float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] qh, int qhOff,
                                     float[] h, int hOff, float[] stats, int sOff) {
        LayerNormGates.gruForward(act, recAct, rows, units, epsilon, norms, xp, xpOff, rp, rpOff, bias,
                hPrev, hPrevOff, gates, gOff, qh, qhOff, h, hOff, stats, sOff);
    }

    /**
     * Backward through one layer-normalised GRU step: {@code dxp}, {@code drp} [rows, 3H], the direct
     * part {@code dhPrev = dh ⊙ z} (overwritten), and per row {@code dNorm} [rows, 4H]: the gradients
     * of LN_x's output [3H] and of LN_r's h block [H] (LN_r's z and r blocks get LN_x's), from which
     * the γ and β gradients are summed.
     */
    default void layerNormGruBackward(Activation act, Activation recAct, int rows, int units, float[][] norms,
                                      float[] gates, int gOff, float[] qh, int qhOff, float[] hPrev, int hPrevOff,
                                      float[] stats, int sOff, float[] dh, int dhOff,
                                      float[] dxp, int dxpOff, float[] drp, int drpOff, float[] dhPrev, int dhPrevOff,
                                      float[] dNorm, int dnOff) {
        LayerNormGates.gruBackward(act, recAct, rows, units, norms, gates, gOff, qh, qhOff, hPrev, hPrevOff,
                stats, sOff, dh, dhOff, dxp, dxpOff, drp, drpOff, dhPrev, dhPrevOff, dNorm, dnOff);
    }

    /**
     * {@code c[i, j] += Σ_r a[r, i] · b[r, j]} for i &lt; m, j &lt; n, with a [rows, ·] ({@code lda}),
     * b [rows, ·] ({@code ldb}), c [m, ·] ({@code ldc}): each element summed over r in increasing
     * order, a product and then an addition at a time (no fma), zeros of a included (a branch on them
     * would merge vectors, which JDK 17 can compile with every vector boxed). So every implementation
     * gives the bits of this plain loop (unlike {@link #gemm}, whose order and
     * fused operations are its own).
     */
    default void addTransposedProductInOrder(int rows, int m, int n, float[] a, int aOff, int lda,
                                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < m; i++) {
                float x = a[aOff + r * lda + i];
                int ci = cOff + i * ldc, br = bOff + r * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[br + j];
                }
            }
        }
    }

    /** One simple-RNN step: {@code h = act(xp + rp + bias)}, all [rows, H]. */
    void rnnForward(Activation act, int rows, int units,
                    float[] xp, int xpOff, float[] rp, int rpOff, float[] bias, float[] h, int hOff);

    /** Backward through one simple-RNN step: {@code dz = dh ⊙ act'(h)}. */
    void rnnBackward(Activation act, int rows, int units,
                     float[] h, int hOff, float[] dh, int dhOff, float[] dz, int dzOff);

    /** {@code y[i] += x[i]} for {@code len} elements. */
    void add(int len, float[] x, int xOff, float[] y, int yOff);

    /** {@code sums[j] += Σ_i x[i, j]} over {@code rows} rows of {@code cols} columns (ld = cols). */
    void addColumnSums(int rows, int cols, float[] x, int xOff, float[] sums, int sumsOff);
}

/**
 * Recurrent layers: {@link dev.recurrent.layers.SimpleRNN}, {@link dev.recurrent.layers.LSTM} and
 * {@link dev.recurrent.layers.GRU}, with Keras' semantics, weight layout and defaults.
 *
 * <p>Legend, used in every shape comment:
 * <ul>
 *   <li>B: batch size; T: time steps; I: input features; H: units;</li>
 *   <li>G: gates per unit (simple RNN 1, GRU 3, LSTM 4), so the gate width is G·H.</li>
 * </ul>
 * At the API tensors are batch-major: input [B, T, I], output [B, T, H] (or [B, H] for the last step
 * only), states [B, H]. Inside, the layer works time-major ([T, B, ·]) so that one step is a
 * contiguous [B, ·] block. Weights are in Keras' layout: {@code kernel} [I, G·H],
 * {@code recurrent_kernel} [H, G·H], {@code bias} [G·H] (GRU: [2, 3H], input then recurrent), with
 * column blocks in Keras' gate order: LSTM i, f, c, o; GRU z, r, h.
 *
 * <p>A {@link dev.recurrent.layers.Cell} computes one step forward and backward; the
 * {@link dev.recurrent.layers.Recurrent} layer owns the loop over time, backpropagation through time,
 * {@code returnSequences}, {@code returnState}, {@code goBackwards}, {@code stateful}, masking and
 * dropout. The structure follows cuDNN: the input projection of all steps is one GEMM before the
 * loop, only {@code h_{t-1}·U} runs inside it, the gate math is one fused pass, and the weight
 * gradients are one GEMM each after the backward loop.
 *
 * <p>Variants beyond Keras: {@link dev.recurrent.layers.PeepholeLSTM} (LSTM weights plus
 * {@code peephole} [3, H]), {@link dev.recurrent.layers.CifgLSTM} (coupled input and forget gates,
 * G = 3: f, c, o, bias [3H]) and the GRU with {@code reset_after = false} (bias [3H]). Their steps
 * are fused kernels too ({@code Kernels.peepholeLstmForward} and the like).
 * {@link dev.recurrent.layers.Recurrent#gateTrace} reads back the gates and states of one sequence of the last forward call
 * ({@link dev.recurrent.layers.GateTrace}).
 *
 * <p>Inside, {@link dev.recurrent.layers.Recurrent} keeps the layer's API and hands the work to
 * package-private parts, one job each: its weights, the input projection, the forward and backward
 * passes over the time loop, the carried states, and the inference fast
 * paths (token ids through an Embedding, long sequences in chunks).
 *
 * <p>Imports: {@code kernels}, {@code init}, {@code config} and {@code regularizers}; never {@code model}, {@code loss},
 * {@code metrics} or {@code optim}.
 */
package dev.recurrent.layers;

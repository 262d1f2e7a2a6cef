package dev.recurrent.cli;

import dev.recurrent.kernels.Parallel;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.RMSprop;
import dev.recurrent.optim.SGD;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The four reference workloads of the design (§4), built as the peer harness in
 * {@code shared/bench/peers} builds them: the same networks, losses and optimizers, and the same
 * synthetic batches (same distributions, same seeds, same order of draws), so that samples/s and
 * GFLOP/s compare directly.
 *
 * <pre>
 * imdb     ids in [0,10000), T=500, B=32: Embedding(10000,32) → LSTM(32) → Dense(1, sigmoid); BCE; RMSprop(1e-3)
 * addition one-hot(12), T=7, B=128: LSTM(128) → RepeatVector(4) → LSTM(128, sequences)
 *          → TimeDistributed(Dense(12, softmax)); categorical CE; Adam(1e-3)
 * shampoo  B=1, T=1, 1 feature: LSTM(4) → Dense(1); MSE; Adam(1e-3) (not stateful)
 * large    N(0,1), 256 features, T=100, B=64: LSTM(512) → Dense(10, softmax); categorical CE; SGD(0.01)
 * </pre>
 *
 * The recurrent layers are the {@link CellChoice} asked for (the LSTM by default), with the same units and
 * options. FLOPs count the products of the recurrent layers' weights only, 2 per multiply-add: forward =
 * Σ T·B·(2·(I+R)·G·H + extra) per batch, a training step 3× that, where G is the cell's gates per unit
 * (LSTM and its layer-normalised and peephole forms 4, CIFG and the GRUs 3, MGU 2, SimpleRNN 1), R the
 * width of the recurrent state (H; P = H/2 for the projected LSTM) and extra the peepholes' 2·3H or the
 * projection's 2·H·P. Gate activations, layer normalisation and other element-wise work are not counted.
 */
public enum BenchWorkload {
    IMDB(32, 500, 10000, 32, 1),
    ADDITION(128, 7, 12, 128, 12),
    SHAMPOO(1, 1, 1, 4, 1),
    LARGE(64, 100, 256, 512, 10);

    /** The seed of batch i of workload w is SEED + 7919·i + w.ordinal(), as in the peers. */
    static final long SEED = 20240917L;
    static final int EMBED = 32;
    static final int ANSWER_LEN = 4;
    static final String SYMBOLS = "0123456789+ ";

    final int batch, seqLen, input, hidden, output;

    BenchWorkload(int batch, int seqLen, int input, int hidden, int output) {
        this.batch = batch;
        this.seqLen = seqLen;
        this.input = input;
        this.hidden = hidden;
        this.output = output;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Forward FLOPs of one recurrent layer of {@code cell} over T steps of B samples of I features (see above). */
    private static double recurrentForward(CellChoice cell, double t, double b, double in, double h) {
        double state = cell.outputs((int) h);
        double perStep = switch (cell) {
            case lstm, layer_norm_lstm -> 2 * (in + h) * 4 * h;
            case peephole -> 2 * (in + h) * 4 * h + 2 * 3 * h;
            case projected_lstm -> 2 * (in + state) * 4 * h + 2 * h * state;
            case cifg, gru, gru_reset_before, layer_norm_gru -> 2 * (in + h) * 3 * h;
            case mgu -> 2 * (in + h) * 2 * h;
            case simple_rnn -> 2 * (in + h) * h;
        };
        return t * b * perStep;
    }

    double flopsPerBatch(CellChoice cell, boolean train) {
        double f = switch (this) {
            case IMDB -> recurrentForward(cell, seqLen, batch, EMBED, hidden);
            case ADDITION -> recurrentForward(cell, seqLen, batch, input, hidden)
                    + recurrentForward(cell, ANSWER_LEN, batch, cell.outputs(hidden), hidden);
            default -> recurrentForward(cell, seqLen, batch, input, hidden);
        };
        return train ? 3 * f : f;
    }

    /** The workload's network with {@code cell} as its recurrent layers. */
    Sequential model(CellChoice cell, long seed) {
        return switch (this) {
            case IMDB -> new Sequential("imdb").input(seqLen).seed(seed)
                    .add(new Embedding(input, EMBED, false))
                    .add(cell.layer(hidden))
                    .add(Dense.of(output, "sigmoid"))
                    .compile(new RMSprop(1e-3), new BinaryCrossentropy());
            case ADDITION -> new Sequential("addition").input(seqLen, input).seed(seed)
                    .add(cell.layer(hidden))
                    .add(new RepeatVector(ANSWER_LEN))
                    .add(cell.builder(hidden).returnSequences(true).build())
                    .add(new TimeDistributed(Dense.of(output, "softmax")))
                    .compile(new Adam(1e-3), new CategoricalCrossentropy());
            case SHAMPOO -> new Sequential("shampoo").input(seqLen, input).seed(seed)
                    .add(cell.layer(hidden))
                    .add(Dense.of(output))
                    .compile(new Adam(1e-3), new MeanSquaredError());
            case LARGE -> new Sequential("large").input(seqLen, input).seed(seed)
                    .add(cell.layer(hidden))
                    .add(Dense.of(output, "softmax"))
                    .compile(new SGD(0.01), new CategoricalCrossentropy());
        };
    }

    /** {@code count} distinct batches, each {x, y}; the harness cycles through them. */
    Tensor[][] batches(int count) {
        Tensor[][] out = new Tensor[count][];
        Parallel.run(count, i -> {                  // each batch has its own generator: the same data on any thread
            SplittableRandom r = new SplittableRandom(SEED + 7919L * i + ordinal());
            out[i] = switch (this) {
                case IMDB -> imdb(r);
                case ADDITION -> addition(r);
                case SHAMPOO -> shampoo(r);
                case LARGE -> large(r);
            };
        });
        return out;
    }

    /** Uniform ids first (all B·T of them), then one fair coin per sample for the label. */
    private Tensor[] imdb(SplittableRandom r) {
        float[] x = new float[batch * seqLen];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(input);
        }
        float[] y = new float[batch];
        for (int b = 0; b < batch; b++) {
            y[b] = r.nextBoolean() ? 1f : 0f;
        }
        return new Tensor[] {Tensor.of(x, batch, seqLen), Tensor.of(y, batch, 1)};
    }

    /** Per sample two numbers below 1000: "a+b" padded to 7 symbols, the sum padded to 4, one-hot. */
    private Tensor[] addition(SplittableRandom r) {
        int v = SYMBOLS.length();
        float[] x = new float[batch * seqLen * v], y = new float[batch * ANSWER_LEN * v];
        for (int b = 0; b < batch; b++) {
            int p = r.nextInt(1000), q = r.nextInt(1000);
            String question = padRight(p + "+" + q, seqLen), answer = padRight(Integer.toString(p + q), ANSWER_LEN);
            for (int t = 0; t < seqLen; t++) {
                x[(b * seqLen + t) * v + SYMBOLS.indexOf(question.charAt(t))] = 1f;
            }
            for (int t = 0; t < ANSWER_LEN; t++) {
                y[(b * ANSWER_LEN + t) * v + SYMBOLS.indexOf(answer.charAt(t))] = 1f;
            }
        }
        return new Tensor[] {Tensor.of(x, batch, seqLen, v), Tensor.of(y, batch, ANSWER_LEN, v)};
    }

    private static String padRight(String s, int len) {
        return s + " ".repeat(Math.max(0, len - s.length()));
    }

    /** One "month": x uniform in [-1, 1), y = 0.8·x + uniform noise in [-0.1, 0.1). */
    private static Tensor[] shampoo(SplittableRandom r) {
        float x = (float) (r.nextDouble() * 2 - 1);
        float y = (float) (0.8 * x + 0.1 * (r.nextDouble() * 2 - 1));
        return new Tensor[] {Tensor.of(new float[] {x}, 1, 1, 1), Tensor.of(new float[] {y}, 1, 1)};
    }

    /** Box–Muller N(0, 1) features, then one uniform class per sample, one-hot. */
    private Tensor[] large(SplittableRandom r) {
        float[] x = new float[batch * seqLen * input];
        for (int i = 0; i < x.length; i++) {
            double u = 1.0 - r.nextDouble(), w = r.nextDouble();
            x[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w));
        }
        float[] y = new float[batch * output];
        for (int b = 0; b < batch; b++) {
            y[b * output + r.nextInt(output)] = 1f;
        }
        return new Tensor[] {Tensor.of(x, batch, seqLen, input), Tensor.of(y, batch, output)};
    }
}

package dev.recurrent.layers;

import dev.recurrent.init.Initializers;
import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The values pinned in Keras' own layer tests ({@code keras/src/layers/rnn/lstm_test.py},
 * {@code gru_test.py}, {@code simple_rnn_test.py}: test_correctness, test_statefulness,
 * test_pass_initial_state, test_pass_return_state and test_masking), rebuilt through the builders'
 * options alone: constant initializers (kernel 0.01, recurrent 0.02, bias 0.03), {@code useBias},
 * {@code unitForgetBias}, {@code resetAfter}, {@code goBackwards}, {@code stateful}, masks and
 * {@code zeroOutputForMask}. Each case runs with the default kernels and with the scalar ones.
 */
class KerasLayerTestValuesTest {
    private static final double TOLERANCE = 1.5e-7;
    private static final boolean[] MASK_LSTM = {true, true, true, false, true, true, false, false};
    private static final boolean[] MASK_LSTM_BACKWARDS = {false, true, true, true, false, false, true, true};
    private static final boolean[] MASK_GRU_RNN = {true, true, false, true, true, false, false, true};

    private final List<String> checked = new ArrayList<>();

    /** A layer as Keras' tests make it: constant initializers, then {@code options}. */
    private static <L extends Recurrent> Recurrent layer(RecurrentConfig.Builder<L> builder,
                                                         UnaryOperator<RecurrentConfig.Builder<L>> options, Kernels kernels) {
        return options.apply(builder.kernelInitializer(Initializers.constant(0.01))
                .recurrentInitializer(Initializers.constant(0.02))
                .biasInitializer(Initializers.constant(0.03))).build().withKernels(kernels);
    }

    /** {@code np.arange(n).astype("float32")}. */
    private static float[] arange(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    /** Each row of {@code rows} repeated {@code units} times (Keras' outputs are equal across units). */
    private static float[] repeated(int units, double... rows) {
        float[] out = new float[rows.length * units];
        for (int r = 0; r < rows.length; r++) {
            java.util.Arrays.fill(out, r * units, (r + 1) * units, (float) rows[r]);
        }
        return out;
    }

    private static List<Kernels> kernels() {
        List<Kernels> all = new ArrayList<>(List.of(KernelsProvider.get()));
        if (KernelsProvider.get() != KernelsProvider.scalar()) {
            all.add(KernelsProvider.scalar());
        }
        return all;
    }

    private void check(String label, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, label + ": output length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, label + ": value " + i);
        }
        checked.add(label);
    }

    /** A case on x = arange(b·t·f) reshaped [b, t, f], with an optional mask and initial states. */
    private <L extends Recurrent> void expect(String label, RecurrentConfig.Builder<L> builder,
                                              UnaryOperator<RecurrentConfig.Builder<L>> options, int b, int t, int f,
                                              boolean[] mask, float[][] initialState, float[] expected) {
        for (Kernels k : kernels()) {
            Recurrent layer = layer(builder, options, k);
            float[] y = layer.forward(arange(b * t * f), b, t, f, mask, initialState, false);
            check(label + " (" + k.name() + ")", expected, y.clone());
        }
    }

    @Test
    void lstmTestValues() {
        UnaryOperator<RecurrentConfig.Builder<LSTM>> none = o -> o;
        expect("lstm correctness", LSTM.builder(3), none, 3, 6, 4, null, null,
                repeated(3, 0.6288687, 0.86899155, 0.9460773));
        expect("lstm correctness go_backwards", LSTM.builder(3), o -> o.goBackwards(true), 3, 6, 4, null, null,
                repeated(3, 0.35622165, 0.74789524, 0.8872726));
        expect("lstm correctness unit_forget_bias=False", LSTM.builder(3), o -> o.unitForgetBias(false), 3, 6, 4,
                null, null, repeated(3, 0.57019705, 0.8661914, 0.9459622));
        expect("lstm correctness use_bias=False", LSTM.builder(3), o -> o.useBias(false), 3, 6, 4, null, null,
                repeated(3, 0.54986924, 0.86226785, 0.9443936));
        float[][] init = {{0, 1, 2, 3}, {0, 1, 2, 3}};
        expect("lstm initial state", LSTM.builder(2), none, 2, 4, 3, null, init,
                new float[] {0.20574439f, 0.3558822f, 0.64930826f, 0.66276f});
        expect("lstm initial state go_backwards", LSTM.builder(2), o -> o.goBackwards(true), 2, 4, 3, null, init,
                new float[] {0.13281618f, 0.2790356f, 0.5839337f, 0.5992567f});
        expect("lstm masking", LSTM.builder(2), none, 2, 4, 3, MASK_LSTM, null, repeated(2, 0.11755939, 0.28556206));
        expect("lstm masking return_sequences", LSTM.builder(2), o -> o.returnSequences(true), 2, 4, 3, MASK_LSTM, null,
                repeated(2, 0.01588910, 0.05552048, 0.11755939, 0.11755939, 0.14185596, 0.28556206, 0.28556206, 0.28556206));
        expect("lstm masking zero_output_for_mask", LSTM.builder(2), o -> o.returnSequences(true).zeroOutputForMask(true),
                2, 4, 3, MASK_LSTM, null,
                repeated(2, 0.01588910, 0.05552048, 0.11755939, 0, 0.14185596, 0.28556206, 0, 0));
        expect("lstm masking go_backwards", LSTM.builder(2), o -> o.goBackwards(true), 2, 4, 3, MASK_LSTM_BACKWARDS, null,
                repeated(2, 0.15341201, 0.3844719));
        stateful("lstm statefulness", LSTM.builder(4), repeated(4, 0.3124785, 0.6863672));
        assertEquals(12 * kernels().size(), checked.size(), "cases run: " + checked);
    }

    @Test
    void gruTestValues() {
        UnaryOperator<RecurrentConfig.Builder<GRU>> none = o -> o;
        // Keras pins the last unit of the third sample as 0.3938496, the others as 0.39384964
        expect("gru correctness", GRU.builder(3), none, 3, 6, 4, null, null,
                new float[] {0.5217289f, 0.5217289f, 0.5217289f, 0.6371659f, 0.6371659f, 0.6371659f,
                        0.39384964f, 0.39384964f, 0.3938496f});
        expect("gru correctness go_backwards", GRU.builder(3), o -> o.goBackwards(true), 3, 6, 4, null, null,
                repeated(3, 0.24406259, 0.611516, 0.3928808));
        expect("gru correctness reset_after=False", GRU.builder(3), o -> o.resetAfter(false), 3, 6, 4, null, null,
                repeated(3, 0.51447755, 0.6426879, 0.40208298));
        expect("gru correctness use_bias=False", GRU.builder(3), o -> o.useBias(false), 3, 6, 4, null, null,
                repeated(3, 0.49988455, 0.64701194, 0.4103359));
        float[][] init = {{0, 1, 2, 3}};
        float[] forward = {0.23774096f, 0.33508456f, 0.83659905f, 1.0227708f};
        float[] backward = {0.13486053f, 0.23261218f, 0.78257304f, 0.9691353f};
        expect("gru initial state", GRU.builder(2), none, 2, 4, 3, null, init, forward);
        expect("gru initial state go_backwards", GRU.builder(2), o -> o.goBackwards(true), 2, 4, 3, null, init, backward);
        returnState("gru return_state", GRU.builder(2).returnState(true), init, forward);
        returnState("gru return_state go_backwards", GRU.builder(2).returnState(true).goBackwards(true), init, backward);
        expect("gru masking", GRU.builder(2), none, 2, 4, 3, MASK_GRU_RNN, null, repeated(2, 0.19393763, 0.30818558));
        expect("gru masking return_sequences", GRU.builder(2), o -> o.returnSequences(true), 2, 4, 3, MASK_GRU_RNN, null,
                repeated(2, 0.03606692, 0.09497581, 0.09497581, 0.19393763, 0.16051409, 0.16051409, 0.16051409, 0.30818558));
        expect("gru masking zero_output_for_mask", GRU.builder(2), o -> o.returnSequences(true).zeroOutputForMask(true),
                2, 4, 3, MASK_GRU_RNN, null,
                repeated(2, 0.03606692, 0.09497581, 0, 0.19393763, 0.16051409, 0, 0, 0.30818558));
        expect("gru masking go_backwards", GRU.builder(2), o -> o.goBackwards(true), 2, 4, 3, MASK_GRU_RNN, null,
                repeated(2, 0.11669192, 0.28380975));
        stateful("gru statefulness", GRU.builder(4), repeated(4, 0.29542392, 0.5885018));
        assertEquals(16 * kernels().size(), checked.size(), "cases run: " + checked);
    }

    @Test
    void simpleRnnTestValues() {
        UnaryOperator<RecurrentConfig.Builder<SimpleRNN>> none = o -> o;
        expect("simple_rnn correctness", SimpleRNN.builder(4), none, 2, 3, 4, null, null,
                repeated(4, 0.405432, 0.73605347));
        expect("simple_rnn correctness go_backwards", SimpleRNN.builder(4), o -> o.goBackwards(true), 2, 3, 4, null, null,
                repeated(4, 0.11144729, 0.5528889));
        float[][] init = {arange(8)};
        expect("simple_rnn initial state", SimpleRNN.builder(4), none, 2, 4, 3, null, init,
                repeated(4, 0.33621645, 0.6262637));
        expect("simple_rnn initial state go_backwards", SimpleRNN.builder(4), o -> o.goBackwards(true), 2, 4, 3, null, init,
                repeated(4, 0.07344437, 0.43043602));
        expect("simple_rnn masking", SimpleRNN.builder(4), none, 2, 4, 3, MASK_GRU_RNN, null,
                repeated(4, 0.32951632, 0.61799484));
        expect("simple_rnn masking return_sequences", SimpleRNN.builder(2), o -> o.returnSequences(true), 2, 4, 3,
                MASK_GRU_RNN, null,
                repeated(2, 0.0599281, 0.15122814, 0.15122814, 0.32394567, 0.3969304, 0.3969304, 0.3969304, 0.608085));
        expect("simple_rnn masking zero_output_for_mask", SimpleRNN.builder(2),
                o -> o.returnSequences(true).zeroOutputForMask(true), 2, 4, 3, MASK_GRU_RNN, null,
                repeated(2, 0.0599281, 0.15122814, 0, 0.32394567, 0.3969304, 0, 0, 0.608085));
        expect("simple_rnn masking go_backwards", SimpleRNN.builder(4), o -> o.goBackwards(true), 2, 4, 3, MASK_GRU_RNN,
                null, repeated(4, 0.07376196, 0.43645123));
        stateful("simple_rnn statefulness", SimpleRNN.builder(4), repeated(4, 0.40559256, 0.7361247));
        assertEquals(10 * kernels().size(), checked.size(), "cases run: " + checked);
    }

    /** test_statefulness: the second call on arange(24) [2, 3, 4] continues from the first; the same after a reset. */
    private <L extends Recurrent> void stateful(String label, RecurrentConfig.Builder<L> builder, float[] expected) {
        for (Kernels k : kernels()) {
            Recurrent layer = layer(builder, o -> o.stateful(true), k);
            float[] x = arange(24);
            for (int round = 0; round < 2; round++) {
                layer.forward(x, 2, 3, 4);
                check(label + " round " + round + " (" + k.name() + ")", expected, layer.forward(x, 2, 3, 4).clone());
                layer.resetStates();
            }
        }
    }

    /** test_pass_return_state: the output, and the final state equal to it. */
    private void returnState(String label, RecurrentConfig.Builder<GRU> builder, float[][] init, float[] expected) {
        for (Kernels k : kernels()) {
            Recurrent layer = layer(builder, o -> o, k);
            check(label + " (" + k.name() + ")", expected, layer.forward(arange(24), 2, 4, 3, null, init, false).clone());
            float[] state = layer.finalStates()[0];
            check(label + " state (" + k.name() + ")", expected, state);
        }
    }

    @Test
    void theNoBiasLayersCountKerasParameters() {
        // Keras: LSTM(3, use_bias=False) on 4 features has 4·12 + 3·12 weights, GRU 4·9 + 3·9
        Recurrent lstm = LSTM.builder(3).useBias(false).build();
        lstm.build(4);
        assertEquals(4 * 12 + 3 * 12, lstm.parameterCount());
        assertEquals(List.of("kernel", "recurrent_kernel"), lstm.parameters().stream().map(Parameter::name).toList());
        Recurrent gru = GRU.builder(3).useBias(false).build();
        gru.build(4);
        assertEquals(4 * 9 + 3 * 9, gru.parameterCount());
        assertTrue(gru.parameters().stream().noneMatch(p -> p.name().equals("bias")));
    }
}

package dev.recurrent.layers;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.RecurrentTestSupport.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.recurrent.layers.RecurrentTestSupport.random;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad input is refused with an exception whose message names the layer, what was expected and what
 * was received. Every layer is named "encoder" so that the message must carry the given name.
 */
class RecurrentInputValidationTest {
    private static final int B = 4, T = 7, I = 3, H = 8;

    private static Recurrent encoder(Kind kind) {
        return kind.builder(H).name("encoder").build();
    }

    private static Recurrent builtEncoder(Kind kind) {
        Recurrent layer = encoder(kind);
        layer.build(I);
        return layer;
    }

    /** Asserts that {@code call} throws {@code type} with a message holding every one of {@code parts}. */
    private static <E extends Throwable> E refused(Class<E> type, Executable call, String... parts) {
        E e = assertThrows(type, call);
        String message = e.getMessage();
        assertNotNull(message, "the exception has a message");
        for (String part : parts) {
            assertTrue(message.contains(part), "message '" + message + "' should contain '" + part + "'");
        }
        return e;
    }

    private static float[][] zeroStates(Kind kind, int batch) {
        return kind.hasCellState() ? new float[][] {new float[batch * H], new float[batch * H]}
                : new float[][] {new float[batch * H]};
    }

    // ------------------------------------------------------------------------------------- input

    @ParameterizedTest
    @EnumSource(Kind.class)
    void wrongFeatureCount(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        refused(IllegalArgumentException.class, () -> layer.forward(new float[B * T * 5], B, T, 5),
                "encoder", "[batch, timesteps, 3]", "[4, 7, 5]");
        // also once the layer has been built by a first input
        Recurrent lazy = encoder(kind);
        lazy.forward(new float[B * T * I], B, T, I);
        refused(IllegalArgumentException.class, () -> lazy.forward(new float[B * T * 5], B, T, 5),
                "encoder", "[batch, timesteps, 3]", "[4, 7, 5]");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void inputLengthNotMatchingItsShape(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        refused(IllegalArgumentException.class, () -> layer.forward(new float[B * T * I - 1], B, T, I),
                "encoder", "[4, 7, 3]", "84", "83");
        refused(IllegalArgumentException.class, () -> layer.forward(new float[B * T * I + 3], B, T, I),
                "encoder", "[4, 7, 3]", "84", "87");
        refused(IllegalArgumentException.class, () -> layer.forward(null, B, T, I), "encoder", "[4, 7, 3]", "null");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void nonPositiveInputShape(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        refused(IllegalArgumentException.class, () -> layer.forward(new float[0], 0, T, I), "encoder", "[0, 7, 3]");
        refused(IllegalArgumentException.class, () -> layer.forward(new float[0], B, -2, I), "encoder", "[4, -2, 3]");
        refused(IllegalArgumentException.class, () -> encoder(kind).build(0), "encoder", "0");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void wrongInitialStateShape(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        float[] x = new float[B * T * I];
        float[][] init = zeroStates(kind, B);
        init[0] = new float[B * H - 1];
        refused(IllegalArgumentException.class, () -> layer.forward(x, B, T, I, null, init, false),
                "encoder", "initial state h", "[4, 8]", "31");
        if (kind.hasCellState()) {
            float[][] badC = {new float[B * H], new float[(B + 1) * H]};
            refused(IllegalArgumentException.class, () -> layer.forward(x, B, T, I, null, badC, false),
                    "encoder", "initial state c", "[4, 8]", "40");
            float[][] nullC = {new float[B * H], null};
            refused(IllegalArgumentException.class, () -> layer.forward(x, B, T, I, null, nullC, false),
                    "encoder", "initial state c", "[4, 8]", "null");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void wrongNumberOfInitialStates(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        float[] x = new float[B * T * I];
        float[][] wrong = kind.hasCellState() ? new float[][] {new float[B * H]}
                : new float[][] {new float[B * H], new float[B * H]};
        String expected = kind.hasCellState() ? "expected 2" : "expected 1";
        String got = kind.hasCellState() ? "got 1" : "got 2";
        refused(IllegalArgumentException.class, () -> layer.forward(x, B, T, I, null, wrong, false),
                "encoder", expected, got);
        refused(IllegalArgumentException.class, () -> layer.forward(x, B, T, I, null, new float[0][], false),
                "encoder", expected, "got 0");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void maskOfTheWrongSize(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        float[] x = new float[B * T * I];
        refused(IllegalArgumentException.class, () -> layer.forward(x, B, T, I, new boolean[B * T - 1], null, false),
                "encoder", "[4, 7]", "28", "27");
        refused(IllegalArgumentException.class, () -> layer.forward(x, B, T, I, new boolean[T], null, false),
                "encoder", "[4, 7]", "28", "got 7");
    }

    // ----------------------------------------------------------------------------------- options

    @ParameterizedTest
    @EnumSource(Kind.class)
    void nonPositiveUnits(Kind kind) {
        for (int units : new int[] {0, -3}) {
            refused(IllegalArgumentException.class, () -> kind.builder(units).name("encoder").build(),
                    "encoder", "units", "got " + units);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void dropoutOutsideTheUnitInterval(Kind kind) {
        for (float rate : new float[] {-0.1f, 1f, 1.5f, Float.NaN}) {
            refused(IllegalArgumentException.class, () -> kind.builder(H).name("encoder").dropout(rate).build(),
                    "encoder", "`dropout`", "[0, 1)", "got " + rate);
            refused(IllegalArgumentException.class, () -> kind.builder(H).name("encoder").recurrentDropout(rate).build(),
                    "encoder", "`recurrent_dropout`", "[0, 1)", "got " + rate);
        }
        // the edges that are allowed
        assertEquals(0f, kind.builder(H).dropout(0f).build().config().dropout());
        assertEquals(0.999f, kind.builder(H).recurrentDropout(0.999f).build().config().recurrentDropout());
    }

    @Test
    void blankName() {
        refused(IllegalArgumentException.class, () -> LSTM.builder(H).name(" ").build(), "`name`");
        refused(IllegalArgumentException.class, () -> GRU.builder(H).name(null).build(), "`name`");
    }

    @Test
    void unknownActivationName() {
        refused(IllegalArgumentException.class, () -> Activation.byName("swish"), "'swish'", "tanh", "sigmoid");
        assertEquals(Activation.TANH, Activation.byName("TanH"));
        assertEquals(Activation.HARD_SIGMOID, Activation.byName("hard_sigmoid"));
    }

    // ----------------------------------------------------------------------------------- weights

    @ParameterizedTest
    @EnumSource(Kind.class)
    void nonFiniteWeights(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        int gh = kind.gates * H;
        Random rng = new Random(1);
        float[] w = random(rng, I * gh, 0.5), u = random(rng, H * gh, 0.5), b = random(rng, kind.biasLength(H), 0.5);

        float[] uNaN = u.clone();
        uNaN[5] = Float.NaN;
        refused(IllegalArgumentException.class, () -> layer.setWeights(w, uNaN, b), "encoder", "recurrent_kernel", "NaN");
        float[] wInf = w.clone();
        wInf[2] = Float.POSITIVE_INFINITY;
        refused(IllegalArgumentException.class, () -> layer.setWeights(wInf, u, b), "encoder", "kernel", "Infinity");
        float[] bInf = b.clone();
        bInf[b.length - 1] = Float.NEGATIVE_INFINITY;
        refused(IllegalArgumentException.class, () -> layer.setWeights(w, u, bInf), "encoder", "bias", "-Infinity");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void refusedWeightsLeaveTheLayerUnchanged(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        int gh = kind.gates * H;
        float[][] before = new float[3][];
        for (int p = 0; p < 3; p++) {
            before[p] = layer.parameters().get(p).value().clone();
        }
        Random rng = new Random(2);
        float[] w = random(rng, I * gh, 0.5), u = random(rng, H * gh, 0.5);
        float[] bBad = random(rng, kind.biasLength(H), 0.5);
        bBad[0] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> layer.setWeights(w, u, bBad));
        assertThrows(IllegalArgumentException.class, () -> layer.setWeights(w, u, new float[1]));
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(before[p], layer.parameters().get(p).value(),
                    kind + ": " + RecurrentTestSupport.WEIGHT_NAMES[p] + " after a refused setWeights");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void wrongWeightSizes(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        int gh = kind.gates * H;
        float[] w = new float[I * gh], u = new float[H * gh], b = new float[kind.biasLength(H)];
        refused(IllegalArgumentException.class, () -> layer.setWeights(new float[I * gh + 1], u, b),
                "encoder", "kernel", "[3, " + gh + "]", "got " + (I * gh + 1));
        refused(IllegalArgumentException.class, () -> layer.setWeights(w, new float[H * gh - 1], b),
                "encoder", "recurrent_kernel", "[8, " + gh + "]", "got " + (H * gh - 1));
        String biasShape = kind == Kind.GRU ? "[2, 24]" : "[" + gh + "]";
        refused(IllegalArgumentException.class, () -> layer.setWeights(w, u, new float[gh / 2]),
                "encoder", "bias", biasShape, "got " + gh / 2);
        refused(IllegalArgumentException.class, () -> layer.setWeights(w, u, null), "encoder", "bias", "null");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void weightsBeforeBuild(Kind kind) {
        Recurrent layer = encoder(kind);
        refused(IllegalStateException.class, layer::parameters, "encoder");
        refused(IllegalStateException.class, () -> layer.setWeights(new float[1], new float[1], new float[1]), "encoder");
        refused(IllegalStateException.class, layer::parameterCount, "encoder");
    }

    // ---------------------------------------------------------------------------------- backward

    @ParameterizedTest
    @EnumSource(Kind.class)
    void outputGradientOfTheWrongSize(Kind kind) {
        Recurrent seq = kind.builder(H).name("encoder").returnSequences(true).build();
        seq.forward(new float[B * T * I], B, T, I);
        refused(IllegalArgumentException.class, () -> seq.backward(new float[B * T * H - 1]),
                "encoder", "[4, 7, 8]", "224", "223");
        Recurrent last = builtEncoder(kind);
        last.forward(new float[B * T * I], B, T, I);
        refused(IllegalArgumentException.class, () -> last.backward(new float[B * T * H]),
                "encoder", "[4, 8]", "32", "224");
        refused(IllegalArgumentException.class, () -> last.backward(null), "encoder", "[4, 8]", "null");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void finalStateGradients(Kind kind) {
        Recurrent noState = builtEncoder(kind);
        noState.forward(new float[B * T * I], B, T, I);
        refused(IllegalArgumentException.class, () -> noState.backward(new float[B * H], zeroStates(kind, B)),
                "encoder", "returnState");

        Recurrent withState = kind.builder(H).name("encoder").returnState(true).build();
        withState.forward(new float[B * T * I], B, T, I);
        float[][] wrongSize = zeroStates(kind, B);
        wrongSize[0] = new float[B * H + 2];
        refused(IllegalArgumentException.class, () -> withState.backward(new float[B * H], wrongSize),
                "encoder", "[4, 8]", "34");
        float[][] tooMany = new float[kind.hasCellState() ? 3 : 2][B * H];
        refused(IllegalArgumentException.class, () -> withState.backward(new float[B * H], tooMany),
                "encoder", "at most " + (kind.hasCellState() ? 2 : 1), "got " + tooMany.length);
        // the right ones are taken
        assertEquals(B * T * I, withState.backward(new float[B * H], zeroStates(kind, B)).length);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void backwardBeforeForward(Kind kind) {
        Recurrent layer = builtEncoder(kind);
        refused(IllegalStateException.class, () -> layer.backward(new float[B * H]), "encoder", "forward");
        refused(IllegalStateException.class, layer::finalStates, "encoder");
        refused(IllegalStateException.class, layer::initialStateGradients, "encoder");
    }
}

package dev.recurrent.layers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public method of every layer, called on a layer that was never built, twice (with null for
 * each object argument, and with small arrays), and on a layer built and run once, with nulls. A call may succeed, or fail with one clear message
 * that starts with the layer's name (IllegalStateException or IllegalArgumentException); it must
 * never end in a bare NullPointerException or another runtime error.
 */
class UnbuiltLayerCallsTest {
    /** Calls that take no layer state and cannot fail on their arguments' account. */
    private static final Set<String> SKIPPED = Set.of("equals", "hashCode", "toString", "getClass", "notify",
            "notifyAll", "wait");

    record Named(String label, Supplier<Layer> make, Shape sample) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Named> layers() {
        return Stream.of(
                new Named("LSTM", () -> LSTM.of(3), Shape.of(3, 2)),
                new Named("GRU", () -> GRU.of(3), Shape.of(3, 2)),
                new Named("GRU reset_before", () -> GRU.builder(3).resetAfter(false).build(), Shape.of(3, 2)),
                new Named("SimpleRNN", () -> SimpleRNN.of(3), Shape.of(3, 2)),
                new Named("PeepholeLSTM", () -> PeepholeLSTM.builder(3).build(), Shape.of(3, 2)),
                new Named("CifgLSTM", () -> CifgLSTM.builder(3).build(), Shape.of(3, 2)),
                new Named("Dense", () -> Dense.of(2), Shape.of(2)),
                new Named("Embedding", () -> new Embedding(5, 2, true), Shape.of(3)),
                new Named("Dropout", () -> new Dropout(0.5f), Shape.of(2)),
                new Named("RepeatVector", () -> new RepeatVector(3), Shape.of(2)),
                new Named("Flatten", () -> new Flatten(), Shape.of(3, 2)),
                new Named("TimeDistributed", () -> new TimeDistributed(Dense.of(2)), Shape.of(3, 2)),
                new Named("Bidirectional", () -> new Bidirectional(LSTM.builder(3).returnSequences(true).build()), Shape.of(3, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void noPublicCallEndsInABareRuntimeError(Named named) {
        List<String> bad = new ArrayList<>();
        Method[] methods = named.make().get().getClass().getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::toString));
        for (Method m : methods) {
            if (SKIPPED.contains(m.getName()) || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            // unbuilt with nulls, unbuilt with small arguments, and built and run once with nulls
            for (int profile = 0; profile < 3; profile++) {
                boolean nulls = profile != 1;
                Layer layer = named.make().get();     // a fresh layer for each call
                if (profile == 2) {
                    layer.build(named.sample(), 1);
                    layer.forward(new float[2 * named.sample().size()], 2, null, false);
                }
                Object[] args = arguments(m.getParameterTypes(), nulls);
                try {
                    m.invoke(layer, args);
                } catch (InvocationTargetException e) {
                    Throwable t = e.getCause();
                    boolean clear = (t instanceof IllegalStateException || t instanceof IllegalArgumentException)
                            && t.getMessage() != null && names(layer).stream().anyMatch(t.getMessage()::startsWith);
                    if (!clear) {
                        bad.add(m.getName() + Arrays.toString(m.getParameterTypes())
                                + (profile == 2 ? " built, with nulls" : nulls ? " with nulls" : "") + ": " + t);
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertTrue(bad.isEmpty(), named + ":\n" + String.join("\n", bad));
    }

    /** The layer's name, and a wrapper's inner layers' (their messages name the layer that refused). */
    private static List<String> names(Layer layer) {
        if (layer instanceof TimeDistributed td) {
            return List.of(layer.name(), td.inner().name());
        }
        if (layer instanceof Bidirectional bi) {
            return List.of(layer.name(), bi.forwardLayer().name(), bi.backwardLayer().name());
        }
        return List.of(layer.name());
    }

    private static Object[] arguments(Class<?>[] types, boolean nulls) {
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == int.class) {
                args[i] = 2;
            } else if (t == long.class) {
                args[i] = 2L;
            } else if (t == float.class) {
                args[i] = 0.5f;
            } else if (t == double.class) {
                args[i] = 0.5;
            } else if (t == boolean.class) {
                args[i] = false;
            } else if (nulls) {
                args[i] = null;
            } else if (t == float[].class) {
                args[i] = new float[12];
            } else if (t == boolean[].class) {
                args[i] = new boolean[4];
            } else if (t == float[][].class) {
                args[i] = new float[][] {new float[6]};
            } else if (t == String.class) {
                args[i] = "name";
            } else if (t == Shape.class) {
                args[i] = Shape.of(2, 3);
            } else {
                args[i] = null;
            }
        }
        return args;
    }
}

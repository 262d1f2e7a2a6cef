package dev.recurrent.model;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Shape;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.optim.Optimizer;
import dev.recurrent.optim.SGD;
import dev.recurrent.loss.Loss;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public method of {@link Sequential}, on a model with no input shape, on one not compiled and
 * on one not built, with null for each object argument and with small arguments: it succeeds or
 * fails with one message that starts with the model's (or a layer's) name, never a bare runtime error.
 */
class UnbuiltModelCallsTest {
    private static final Set<String> SKIPPED = Set.of("equals", "hashCode", "toString", "getClass", "notify",
            "notifyAll", "wait", "stopTraining");

    @Test
    void noPublicCallEndsInABareRuntimeError() {
        List<Supplier<Sequential>> models = List.of(
                Sequential::new,
                () -> new Sequential().add(LSTM.of(2)).add(Dense.of(1)),
                () -> new Sequential().input(3, 2).add(LSTM.of(2)).add(Dense.of(1)),
                () -> new Sequential().input(3, 2).add(LSTM.of(2)).add(Dense.of(1))
                        .compile(new SGD(0.1), new MeanSquaredError()));
        List<String> bad = new ArrayList<>();
        Method[] methods = Sequential.class.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::toString));
        for (int k = 0; k < models.size(); k++) {
            for (Method m : methods) {
                if (SKIPPED.contains(m.getName()) || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                for (boolean nulls : new boolean[] {true, false}) {
                    Sequential model = models.get(k).get();
                    try {
                        m.invoke(model, arguments(m.getParameterTypes(), nulls));
                    } catch (InvocationTargetException e) {
                        Throwable t = e.getCause();
                        boolean clear = (t instanceof IllegalStateException || t instanceof IllegalArgumentException)
                                && t.getMessage() != null && (t.getMessage().startsWith(model.name())
                                || model.layers().stream().anyMatch(l -> t.getMessage().startsWith(l.name())));
                        if (!clear) {
                            bad.add("model " + k + ": " + m.getName() + Arrays.toString(m.getParameterTypes())
                                    + (nulls ? " with nulls" : "") + ": " + t);
                        }
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    private static Object[] arguments(Class<?>[] types, boolean nulls) {
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == int.class) {
                args[i] = 2;
            } else if (t == long.class) {
                args[i] = 2L;
            } else if (t == double.class) {
                args[i] = 0.5;
            } else if (t == boolean.class) {
                args[i] = false;
            } else if (nulls) {
                args[i] = null;
            } else if (t == Tensor.class) {
                args[i] = Tensor.of(new float[12], 2, 3, 2);
            } else if (t == int[].class) {
                args[i] = new int[] {3, 2};
            } else if (t == String[].class) {
                args[i] = new String[0];
            } else if (t == String.class) {
                args[i] = "lstm";
            } else if (t == Layer.class) {
                args[i] = Dense.of(1);
            } else if (t == Optimizer.class) {
                args[i] = new SGD(0.1);
            } else if (t == Loss.class) {
                args[i] = new MeanSquaredError();
            } else if (t == FitOptions.class) {
                args[i] = FitOptions.defaults().epochs(1);
            } else if (t == List.class) {
                args[i] = List.of();
            } else if (t == Shape.class) {
                args[i] = Shape.of(3, 2);
            } else {
                args[i] = null;
            }
        }
        return args;
    }
}

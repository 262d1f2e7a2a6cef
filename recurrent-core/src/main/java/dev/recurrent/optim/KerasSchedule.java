package dev.recurrent.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the schedules here share: a class name, and a config of their arguments that ends with the
 * class name as {@code name}, as Keras writes it.
 */
abstract class KerasSchedule implements LearningRateSchedule {
    private final String className;

    KerasSchedule(String className) {
        this.className = className;
    }

    /** Puts the constructor arguments, under their Keras names. */
    abstract void addArguments(Map<String, Object> config);

    @Override
    public final String className() {
        return className;
    }

    @Override
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        addArguments(c);
        c.put("name", className);
        return c;
    }

    @Override
    public final String toString() {
        return className + config();
    }
}

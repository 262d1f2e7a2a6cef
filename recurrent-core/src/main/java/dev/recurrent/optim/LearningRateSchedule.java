package dev.recurrent.optim;

import dev.recurrent.config.ConfigReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A learning rate as a function of the optimizer step, as Keras'
 * {@code keras.optimizers.schedules.LearningRateSchedule}. An optimizer given a schedule evaluates it
 * at {@link Optimizer#iterations()} (the number of updates already applied, so the first update
 * uses {@code rate(0)}), and its learning rate cannot then be set directly.
 */
public interface LearningRateSchedule {

    /** The learning rate for the update that follows {@code step} completed updates, in float32. */
    float rate(long step);

    /** The Keras class name, e.g. {@code "ExponentialDecay"}; the key for {@link #deserialize}. */
    String className();

    /** The constructor arguments under their Keras names; {@link #fromConfig} rebuilds the schedule. */
    Map<String, Object> config();

    /**
     * The nested form Keras writes into an optimizer's config:
     * {@code {"class_name": ..., "config": {...}}}.
     */
    static Map<String, Object> serialize(LearningRateSchedule schedule) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", schedule.className());
        out.put("config", schedule.config());
        return out;
    }

    /**
     * Rebuilds a schedule from {@link #serialize}'s form. Keras' extra keys {@code module} and
     * {@code registered_name} are accepted and ignored.
     */
    static LearningRateSchedule deserialize(Map<String, ?> serialized) {
        ConfigReader r = new ConfigReader("LearningRateSchedule", serialized);
        String className = r.string("class_name", null);
        Object config = r.raw("config");
        r.raw("module");
        r.raw("registered_name");
        r.finish();
        if (className == null) {
            throw new IllegalArgumentException("LearningRateSchedule: serialized schedule has no `class_name`: "
                    + serialized);
        }
        if (!(config instanceof Map)) {
            throw new IllegalArgumentException("LearningRateSchedule: serialized " + className
                    + " must hold a `config` map, got " + config);
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> map = (Map<String, ?>) config;
        return fromConfig(className, map);
    }

    /** Rebuilds a schedule from its class name and {@link #config()}. */
    static LearningRateSchedule fromConfig(String className, Map<String, ?> config) {
        if (ExponentialDecay.CLASS_NAME.equals(className)) {
            return ExponentialDecay.fromConfig(config);
        }
        if (StepDecay.CLASS_NAME.equals(className)) {
            return StepDecay.fromConfig(config);
        }
        throw new IllegalArgumentException("LearningRateSchedule: unknown schedule `" + className
                + "`, expected one of [" + ExponentialDecay.CLASS_NAME + ", " + StepDecay.CLASS_NAME + "]");
    }
}

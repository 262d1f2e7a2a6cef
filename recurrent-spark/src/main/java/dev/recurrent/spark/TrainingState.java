package dev.recurrent.spark;

import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Optimizer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's weights and optimizer state (slots, iterations, and the learning rate a callback such
 * as ReduceLROnPlateau may have set): what parameter averaging broadcasts and averages.
 */
final class TrainingState implements Serializable {
    private static final long serialVersionUID = 1L;
    final float[] weights;
    final LinkedHashMap<String, float[]> slots;
    final long iterations;
    /** The learning rate, or NaN when the optimizer follows a schedule. */
    final float learningRate;

    private TrainingState(float[] weights, LinkedHashMap<String, float[]> slots, long iterations, float learningRate) {
        this.weights = weights;
        this.slots = slots;
        this.iterations = iterations;
        this.learningRate = learningRate;
    }

    /** The model's state; builds its optimizer first, so that every slot exists. */
    static TrainingState of(Sequential model) {
        Optimizer opt = model.optimizer();
        opt.build(model.parameters());
        return new TrainingState(FlatWeights.values(model.parameters()), new LinkedHashMap<>(opt.state()),
                opt.iterations(), opt.schedule() == null ? opt.learningRate() : Float.NaN);
    }

    /** Sets the model's weights and optimizer state to this. */
    void applyTo(Sequential model, long iterations) {
        FlatWeights.setValues(model.parameters(), weights);
        Optimizer opt = model.optimizer();
        opt.build(model.parameters());
        opt.loadState(slots);
        opt.setIterations(iterations);
        if (!Float.isNaN(learningRate)) {
            opt.setLearningRate(learningRate);
        }
    }

    /** The weights, then every slot, in order: what is averaged. */
    List<float[]> arrays() {
        List<float[]> all = new ArrayList<>();
        all.add(weights);
        all.addAll(slots.values());
        return all;
    }

    int length() {
        int n = 0;
        for (float[] a : arrays()) {
            n += a.length;
        }
        return n;
    }

    /** The state whose arrays are {@code sums / count} (laid out as {@link #arrays()}), with {@code iterations}. */
    TrainingState averaged(double[] sums, double count, long iterations) {
        float[] w = new float[weights.length];
        int off = 0;
        for (int j = 0; j < w.length; j++) {
            w[j] = (float) (sums[off + j] / count);
        }
        off += w.length;
        LinkedHashMap<String, float[]> s = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : slots.entrySet()) {
            float[] a = new float[e.getValue().length];
            for (int j = 0; j < a.length; j++) {
                a[j] = (float) (sums[off + j] / count);
            }
            off += a.length;
            s.put(e.getKey(), a);
        }
        return new TrainingState(w, s, iterations, learningRate);
    }
}

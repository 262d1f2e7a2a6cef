package dev.recurrent.model;

import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.tensor.Tensor;

import java.util.List;

/**
 * A trained model's predictions from many threads at once. A {@link Sequential} is not thread-safe
 * (its layers keep their buffers and workspaces between calls); a Predictor gives each thread its
 * own copy of the model, made on the thread's first call from the weights the model had when the
 * Predictor was created, so that threads share nothing but the weights' values and every call gives
 * what {@code model.predict} gives, bit for bit.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.of(model);             // once, after training
 * Tensor y = predictor.predict(x, 32);                    // from any thread
 * }</pre>
 *
 * Memory: one copy of the weights and the workspaces per thread that calls it. Later changes to
 * {@code model} (more training) are not seen: make a new Predictor. Stateful recurrent layers start
 * each thread from zero states.
 */
public final class Predictor {
    private final Sequential model;
    private final List<float[]> weights;
    private final ThreadLocal<Sequential> copies = ThreadLocal.withInitial(this::copy);

    private Predictor(Sequential model) {
        this.model = model;
        this.weights = model.getWeights();
    }

    /** A Predictor of {@code model}'s current weights; the model is built if it was not. */
    public static Predictor of(Sequential model) {
        if (model == null) {
            throw new IllegalArgumentException("Predictor.of: the model must not be null");
        }
        model.build();
        return new Predictor(model);
    }

    /** {@link Sequential#predict} on this thread's copy. */
    public Tensor predict(Tensor x, int batchSize) {
        return copies.get().predict(x, batchSize);
    }

    private Sequential copy() {
        Sequential c = new Sequential(model.name()).input(model.inputShape().dims()).seed(model.seed());
        for (Layer l : model.layers()) {
            c.add(LayerFactory.deserialize(LayerFactory.serialize(l)));
        }
        c.build();
        c.setWeights(weights);
        return c;
    }
}

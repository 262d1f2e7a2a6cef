package dev.recurrent.model;

import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.TokenInput;

import java.util.ArrayList;
import java.util.List;

/**
 * The stages of a model: each layer on its own, except two pairs that run faster together, with the
 * same results bit for bit:
 * <ul>
 *   <li>an {@link Embedding} and the recurrent layer after it, in inference: the recurrent layer reads
 *       the tokens' input projections from a table ({@link Recurrent#forwardTokens}, or any
 *       {@link TokenInput});</li>
 *   <li>a {@link RepeatVector} and the recurrent layer after it: the recurrent layer projects the
 *       repeated vector once instead of once per step ({@link Recurrent#forwardRepeated}).</li>
 * </ul>
 */
final class Stages {
    private Stages() {
    }

    /** The stages of {@code layers}, built. */
    static Stage[] of(List<Layer> layers) {
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            if (next instanceof TokenInput t && layer instanceof Embedding e && t.acceptsTokens(e)) {
                stages.add(new TokensThenRecurrent(e, next, t));
                i++;
            } else if (next instanceof Recurrent r && layer instanceof RepeatVector repeat) {
                stages.add(new RepeatThenRecurrent(repeat, r));
                i++;
            } else {
                stages.add(new Single(layer));
            }
        }
        return stages.toArray(new Stage[0]);
    }

    /** A layer on its own. */
    private record Single(Layer layer) implements Stage {
        @Override
        public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
            return layer.forward(x, batch, mask, training);
        }

        @Override
        public boolean[] outputMask(boolean[] inputMask) {
            return layer.outputMask(inputMask);
        }

        @Override
        public float[] backward(float[] dy) {
            return layer.backward(dy);
        }

        @Override
        public void backwardParametersOnly(float[] dy) {
            layer.backwardParametersOnly(dy);
        }
    }

    /** An embedding and the recurrent layer after it: one pass on the token ids in inference, two in training. */
    private record TokensThenRecurrent(Embedding embedding, Layer recurrent, TokenInput tokens) implements Stage {
        @Override
        public float[] forward(float[] ids, int batch, boolean[] mask, boolean training) {
            if (!training) {
                return tokens.forwardTokens(embedding, ids, batch, mask);
            }
            float[] embedded = embedding.forward(ids, batch, mask, true);
            return recurrent.forward(embedded, batch, embedding.outputMask(mask), true);
        }

        @Override
        public boolean[] outputMask(boolean[] inputMask) {
            return recurrent.outputMask(embedding.outputMask(inputMask));
        }

        @Override
        public float[] backward(float[] dy) {
            return embedding.backward(recurrent.backward(dy));
        }

        @Override
        public void backwardParametersOnly(float[] dy) {
            embedding.backwardParametersOnly(recurrent.backward(dy));
        }
    }

    /**
     * A RepeatVector and the recurrent layer after it: the recurrent layer takes the vector itself,
     * and its backward returns the vector's gradient.
     */
    private record RepeatThenRecurrent(RepeatVector repeat, Recurrent recurrent) implements Stage {
        @Override
        public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
            return recurrent.forwardRepeated(repeat, x, batch, training);
        }

        @Override
        public boolean[] outputMask(boolean[] inputMask) {
            return recurrent.outputMask(repeat.outputMask(inputMask));
        }

        @Override
        public float[] backward(float[] dy) {
            return recurrent.backward(dy);
        }

        @Override
        public void backwardParametersOnly(float[] dy) {
            recurrent.backwardParametersOnly(dy);
        }
    }
}

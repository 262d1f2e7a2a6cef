package dev.recurrent.io.keras;

import dev.recurrent.layers.Layer;

/**
 * A Recurrent layer made from a Keras layer, and how to fill its weights once the model is built.
 *
 * @param layer   the unbuilt layer
 * @param weights fills the built layer's weights from the file
 */
record ImportedLayer(Layer layer, WeightFill weights) {

    interface WeightFill {
        void fill() throws KerasImportException;
    }

    static final WeightFill NONE = () -> { };
}

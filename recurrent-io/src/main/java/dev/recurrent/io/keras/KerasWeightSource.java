package dev.recurrent.io.keras;

import java.util.List;

/** Where the importer reads each layer's stored weights: a Keras 1/2 layout or a Keras 3 one. */
interface KerasWeightSource {

    /**
     * The weights stored for {@code node}, named as Keras 2 names them ({@code .../kernel},
     * {@code .../backward_.../recurrent_kernel}, ...), shapes known and values read on demand.
     */
    List<KerasArray> weights(KerasNode node, KerasLayerConfig c) throws KerasImportException;
}

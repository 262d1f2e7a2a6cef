package dev.recurrent.io.keras;

import dev.recurrent.layers.Parameter;

import java.util.List;

/**
 * {@code model.weights.h5}: Keras 3's H5IOStore layout ({@link KerasWeightLayout}), each saveable's
 * {@code <path>/vars} group with its name in the attribute {@code name} and its variables as
 * float32 datasets {@code 0, 1, …}.
 */
final class KerasWeightsH5 {
    private KerasWeightsH5() {
    }

    static byte[] bytes(List<KerasWeightLayout.Group> groups) {
        Hdf5Writer.Group root = new Hdf5Writer.Group();
        for (KerasWeightLayout.Group g : groups) {
            Hdf5Writer.Group at = root;
            if (!g.path().isEmpty()) {
                for (String part : g.path().split("/")) {
                    at = at.group(part);
                }
            }
            Hdf5Writer.Group vars = at.group("vars");
            vars.attribute("name", g.name());
            List<Parameter> params = g.vars();
            for (int i = 0; i < params.size(); i++) {
                vars.dataset(Integer.toString(i), params.get(i).shape(), params.get(i).value());
            }
        }
        return Hdf5Writer.write(root);
    }
}

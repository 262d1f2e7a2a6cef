package dev.recurrent.io;

import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One load, the checks in order: the zip's directory, {@code model.json}, the architecture's
 * weights against the listing and the zip's sizes before anything is built, then the build, the
 * weights, the training configuration and state, and no entry left over.
 */
final class ModelLoader {
    private final ModelZipReader zip;

    ModelLoader(ModelZipReader zip) {
        this.zip = zip;
    }

    ModelFiles.Checkpoint load() throws IOException {
        zip.listEntries();

        // ---- model.json
        zip.entry = ModelFiles.MODEL_JSON;
        ModelJson.Read json = ModelJson.read(zip);

        // ---- the weights the architecture has, against what the zip can hold, before anything is built
        List<Layout.Weight> expected = Architecture.expected(json.layers(), json.inputShape(), zip);
        Architecture.checkListing(json.weightsListing(), expected, "weights", zip);
        zip.checkBudget(expected);
        long values = 0;
        for (Layout.Weight w : expected) {
            values += w.count();
        }
        ModelTooLargeException.check(zip.file(), values);

        // ---- build, then read the weights into it
        zip.entry = ModelFiles.MODEL_JSON;
        Sequential model = new Sequential(json.name()).input(json.inputShape()).seed(json.seed());
        for (Layer l : json.layers()) {
            model.add(l);
        }
        model.build();
        Map<String, Parameter> params = Layout.weights(model);
        Architecture.checkBuilt(params, expected, zip);
        for (Map.Entry<String, Parameter> p : params.entrySet()) {
            float[] v = zip.readArray(p.getKey() + ".npy", p.getValue().shape());
            System.arraycopy(v, 0, p.getValue().value(), 0, v.length);
        }

        // ---- training configuration and state
        Set<String> expectedEntries = new LinkedHashSet<>();
        expectedEntries.add(ModelFiles.MODEL_JSON);
        for (Layout.Weight w : expected) {
            expectedEntries.add(w.path() + ".npy");
        }
        zip.entry = ModelFiles.MODEL_JSON;
        int epochs = 0;
        if (json.training() != null) {
            TrainingJson.compile(model, json.training(), zip);
        }
        if (json.state() != null) {
            if (json.training() == null) {
                throw zip.invalid("`training_state` without `training_config`");
            }
            epochs = TrainingJson.restoreState(model, json.state(), expectedEntries, zip);
        }
        zip.checkNoOthers(expectedEntries);
        return new ModelFiles.Checkpoint(model, epochs);
    }
}

package dev.recurrent.io.keras;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras 1/2's layout: under the weights root ({@code model_weights} in a full-model file, the root
 * of a {@code save_weights} file) a group per layer, its {@code weight_names} attribute listing
 * its datasets ({@code lstm_1/kernel:0}, ...) in order. A nested model's layers share the nested
 * model's group; each one's weights are those with its name among their path segments.
 */
final class Keras2Weights implements KerasWeightSource {
    /** More weights than any layer has: a longer list is damage. */
    private static final int MAX_WEIGHTS_PER_GROUP = 4096;

    private final KerasHdf hdf;
    private final String rootPath;

    Keras2Weights(KerasHdf hdf, String rootPath) {
        this.hdf = hdf;
        this.rootPath = rootPath;
    }

    @Override
    public List<KerasArray> weights(KerasNode node, KerasLayerConfig c) throws KerasImportException {
        Group root = hdf.group(rootPath);
        String where = rootPath.isEmpty() ? "" : rootPath + "/";
        if (root == null) {
            throw new KerasImportException(hdf.source() + ": no `" + rootPath + "` group; the file holds no weights");
        }
        Node g = child(root, node.keras2Group());
        if (!(g instanceof Group group)) {
            throw new KerasImportException(hdf.source() + ": no weights group `" + where + node.keras2Group()
                    + "` for layer '" + c.name + "' (" + c.className + ")");
        }
        List<KerasArray> out = new ArrayList<>();
        for (String name : hdf.names(group, "weight_names", MAX_WEIGHTS_PER_GROUP)) {
            if (node.keras2Inner() != null && !hasSegment(name, node.keras2Inner())) {
                continue;
            }
            Node n = child(group, name);
            if (!(n instanceof Dataset d)) {
                throw c.refuseLayer("weight `" + name + "` is listed in `" + where + node.keras2Group()
                        + "` but missing");
            }
            out.add(hdf.array(d, name));
        }
        return out;
    }

    private Node child(Group g, String path) throws KerasImportException {
        return hdf.child(g, path);
    }

    private static boolean hasSegment(String name, String segment) {
        for (String s : name.split("/")) {
            if (s.equals(segment)) {
                return true;
            }
        }
        return false;
    }
}

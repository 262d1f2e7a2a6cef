package dev.recurrent.io.keras;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keras 3's layout ({@code model.weights.h5} in a {@code .keras} zip, or a {@code .weights.h5}
 * file), as {@code saving_lib} writes it: each layer under {@code layers/<snake_case class>[_N]},
 * its variables in a {@code vars} group as datasets {@code 0, 1, ...} in creation order, those of
 * the objects it holds under their attribute names ({@code cell/vars}, {@code forward_layer/cell/vars},
 * {@code layer/vars}). The datasets are named here as Keras 2 names them.
 */
final class Keras3Weights implements KerasWeightSource {
    private static final int MAX_DEPTH = 4;
    private static final int MAX_VARS = 64;

    private final KerasHdf hdf;

    Keras3Weights(KerasHdf hdf) {
        this.hdf = hdf;
    }

    /** What a layer's variables 0, 1, 2 are, by its class. */
    static List<String> roles(String className) {
        return switch (className) {
            case "LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional" -> List.of("kernel", "recurrent_kernel", "bias");
            case "Dense", "TimeDistributed" -> List.of("kernel", "bias");
            case "Embedding" -> List.of("embeddings");
            default -> List.of();
        };
    }

    @Override
    public List<KerasArray> weights(KerasNode node, KerasLayerConfig c) throws KerasImportException {
        Group g = hdf.group(node.keras3Path());
        if (g == null) {
            // tf.keras 2.13-2.15 wrote .keras files with this name for the layers, as Keras 3's loader knows
            g = hdf.group(node.keras3Path().replace("layers", "_layer_checkpoint_dependencies"));
        }
        if (g == null) {
            throw new KerasImportException(hdf.source() + ": no weights group `" + node.keras3Path() + "` for layer '"
                    + c.name + "' (" + c.className + ")");
        }
        List<KerasArray> out = new ArrayList<>();
        List<String> roles = KerasGraphLayers.ATTENTION.contains(node.className())
                ? KerasGraphLayers.attentionRoles(node.className(), node.layer().path("config")) : roles(node.className());
        collect(g, "", roles, c, out, 0);
        return out;
    }

    private void collect(Group g, String prefix, List<String> roles, KerasLayerConfig c, List<KerasArray> out, int depth)
            throws KerasImportException {
        if (depth > MAX_DEPTH) {
            return;
        }
        Map<String, Node> children = hdf.children(g);
        if (children.size() > MAX_VARS) {
            throw c.refuseLayer("its weights group `" + g.getPath() + "` holds " + children.size() + " entries, more"
                    + " than any supported layer");
        }
        for (Map.Entry<String, Node> e : new TreeMap<>(children).entrySet()) {
            if (!(e.getValue() instanceof Group child)) {
                continue;
            }
            if (e.getKey().equals("vars")) {
                vars(child, prefix, roles, c, out);
            } else {
                collect(child, prefix + e.getKey() + "/", roles, c, out, depth + 1);
            }
        }
    }

    private void vars(Group vars, String prefix, List<String> roles, KerasLayerConfig c, List<KerasArray> out)
            throws KerasImportException {
        Map<String, Node> children = hdf.children(vars);
        for (int i = 0; i < children.size(); i++) {
            Node n = children.get(Integer.toString(i));
            if (!(n instanceof Dataset d)) {
                throw c.refuseLayer("`" + vars.getPath() + "` holds " + children.size() + " entries but no variable "
                        + i + " (expected datasets 0.." + (children.size() - 1) + ")");
            }
            if (i >= roles.size()) {
                throw c.refuseLayer("`" + vars.getPath() + "` holds " + children.size() + " variables; a " + c.className
                        + " has " + roles.size());
            }
            out.add(hdf.array(d, prefix + roles.get(i)));
        }
    }
}

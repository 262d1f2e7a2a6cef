package dev.recurrent.io.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The parts of a Keras {@code .h5} file the importer reads: root attributes and each layer's weights. */
final class KerasHdf implements AutoCloseable {
    private final HdfFile file;
    private final String source;

    private KerasHdf(HdfFile file, String source) {
        this.file = file;
        this.source = source;
    }

    static KerasHdf open(Path path) throws KerasImportException {
        try {
            return new KerasHdf(new HdfFile(path), path.toString());
        } catch (HdfException e) {
            throw new KerasImportException(path + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    static KerasHdf read(InputStream in) throws IOException {
        try {
            return new KerasHdf(HdfFile.fromInputStream(in), "the stream");
        } catch (HdfException e) {
            throw new KerasImportException("the stream: not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    String source() {
        return source;
    }

    /** A string attribute of the root group, or null when absent. */
    String rootAttribute(String name) throws KerasImportException {
        Attribute a = file.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        throw new KerasImportException(source + ": attribute `" + name + "` should be a string, got " + v);
    }

    /** The weights of one layer, in the order of its {@code weight_names} attribute (empty for none). */
    List<KerasArray> weights(String layer) throws KerasImportException {
        try {
            Node root = file.getChild("model_weights");
            if (!(root instanceof Group weightsRoot)) {
                throw new KerasImportException(source + ": no `model_weights` group; only full-model files"
                        + " (model.save(\"model.h5\")) can be imported, not weights-only files");
            }
            Node g = weightsRoot.getChild(layer);
            if (!(g instanceof Group group)) {
                throw new KerasImportException(source + ": no weights group `model_weights/" + layer + "`");
            }
            Attribute names = group.getAttribute("weight_names");
            List<KerasArray> out = new ArrayList<>();
            if (names == null || names.getData() == null) {
                return out;
            }
            Object v = names.getData();
            String[] list = v instanceof String[] a ? a : v instanceof String s ? new String[] {s} : null;
            if (list == null) {
                throw new KerasImportException(source + ": `model_weights/" + layer + "` has an unreadable weight_names");
            }
            for (String name : list) {
                Node n = group.getByPath(name);
                if (!(n instanceof Dataset d)) {
                    throw new KerasImportException(source + ": weight `" + name + "` of layer '" + layer + "' is missing");
                }
                out.add(new KerasArray(name, d.getDimensions(), () -> read(d, name)));
            }
            return out;
        } catch (HdfException e) {
            throw new KerasImportException(source + ": cannot read the weights of layer '" + layer + "': " + e.getMessage(), e);
        }
    }

    private float[] read(Dataset d, String name) throws KerasImportException {
        try {
            return floats(d.getDataFlat(), name);
        } catch (HdfException e) {
            throw new KerasImportException(source + ": cannot read weight `" + name + "`: " + e.getMessage(), e);
        }
    }

    private float[] floats(Object flat, String name) throws KerasImportException {
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new KerasImportException(source + ": weight `" + name + "` is not float32 or float64 ("
                + (flat == null ? "null" : flat.getClass().getSimpleName()) + ")");
    }

    @Override
    public void close() {
        file.close();
    }
}

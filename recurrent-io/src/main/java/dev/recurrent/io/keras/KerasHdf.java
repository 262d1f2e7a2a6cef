package dev.recurrent.io.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Keras HDF5 file, read with bounds: string attributes of at most {@link #MAX_STRING_CHARS},
 * datasets whose declared size the file could hold, and any damage jHDF runs into reported as a
 * {@link KerasImportException} naming the file.
 */
final class KerasHdf implements AutoCloseable {
    /** The longest string attribute read (a model_config of thousands of layers fits). */
    static final int MAX_STRING_CHARS = 16 << 20;
    /** Deflate's best ratio: no compressed dataset can declare more bytes than this many times the file's. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private final HdfFile file;
    private final String source;
    private final long fileSize;

    private KerasHdf(HdfFile file, String source, long fileSize) {
        this.file = file;
        this.source = source;
        this.fileSize = fileSize;
    }

    static KerasHdf open(Path path) throws IOException {
        long size = Files.size(path);
        try {
            return new KerasHdf(new HdfFile(path), path.toString(), size);
        } catch (RuntimeException e) {
            throw damaged(path.toString(), e);
        }
    }

    static KerasHdf fromBytes(byte[] bytes, String source) throws KerasImportException {
        try {
            return new KerasHdf(HdfFile.fromBytes(bytes), source, bytes.length);
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
    }

    /** jHDF reports damage with a variety of runtime exceptions; they all mean the same to the user. */
    static KerasImportException damaged(String source, RuntimeException e) {
        return new KerasImportException(source + ": not a readable HDF5 file, or a damaged one ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + clip(e.getMessage(), 200)) + ")", e);
    }

    String source() {
        return source;
    }

    /** A string attribute of the root group, or null when absent. */
    String rootAttribute(String name) throws KerasImportException {
        return stringAttribute(file, name);
    }

    /** A string attribute of {@code node}, or null when absent; at most {@link #MAX_STRING_CHARS}. */
    String stringAttribute(Node node, String name) throws KerasImportException {
        try {
            Attribute a = node.getAttribute(name);
            if (a == null) {
                return null;
            }
            checkDeclared(a.getSizeInBytes(), "attribute `" + name + "`");
            Object v = a.getData();
            if (v instanceof String s) {
                if (s.length() > MAX_STRING_CHARS) {
                    throw new KerasImportException(source + ": attribute `" + name + "` holds " + s.length()
                            + " characters, more than the " + MAX_STRING_CHARS + " allowed");
                }
                return s;
            }
            throw new KerasImportException(source + ": attribute `" + name + "` should be a string, got "
                    + (v == null ? "nothing" : v.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
    }

    /** The names in a string-list attribute ({@code weight_names}); empty when absent. */
    String[] names(Node node, String name, int maxCount) throws KerasImportException {
        try {
            Attribute a = node.getAttribute(name);
            if (a == null || a.getSize() == 0) {
                return new String[0];
            }
            if (a.getSize() > maxCount) {
                throw new KerasImportException(source + ": `" + node.getPath() + "` lists " + a.getSize() + " "
                        + name + ", more than the " + maxCount + " allowed");
            }
            checkDeclared(a.getSizeInBytes(), "attribute `" + name + "`");
            Object v = a.getData();
            String[] list = v instanceof String[] arr ? arr : v instanceof String s ? new String[] {s} : null;
            if (list == null) {
                throw new KerasImportException(source + ": `" + node.getPath() + "` has an unreadable " + name);
            }
            for (String s : list) {
                if (s == null || s.length() > 4096) {
                    throw new KerasImportException(source + ": `" + node.getPath() + "` has a missing or over-long "
                            + "entry in " + name);
                }
            }
            return list;
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
    }

    /** The child {@code path} of the root when it is a group, else null. */
    Group group(String path) throws KerasImportException {
        return child(file, path) instanceof Group g ? g : null;
    }

    /**
     * The node at {@code path} below {@code from}, or null when there is none. Walks the children's
     * maps: jHDF's getByPath fails on a missing path of an in-memory file with an unrelated error.
     */
    Node child(Group from, String path) throws KerasImportException {
        try {
            Node at = from;
            for (String part : path.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!(at instanceof Group g)) {
                    return null;
                }
                at = g.getChildren().get(part);
            }
            return at;
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
    }

    Group root() {
        return file;
    }

    /** The dataset as a weight named {@code name}, its size checked against the file now and its values read later. */
    KerasArray array(Dataset d, String name) throws KerasImportException {
        try {
            Class<?> type = d.getJavaType();
            // a scalar dataset (shape (), as Attention's scale) has the boxed type
            if (type != float.class && type != double.class && type != Float.class && type != Double.class) {
                throw new KerasImportException(source + ": weight `" + name + "` is not float32 or float64 ("
                        + (type == null ? "unknown type" : type.getSimpleName()) + ")");
            }
            int[] shape = d.getDimensions();
            long product = 1;
            for (int dim : shape) {
                if (dim < 0) {
                    throw new KerasImportException(source + ": weight `" + name + "` has a negative dimension");
                }
                product = Math.multiplyExact(product, dim);
            }
            long count = product;
            if (count > Integer.MAX_VALUE - 8) {
                throw new KerasImportException(source + ": weight `" + name + "` declares " + count + " values, more"
                        + " than one array can hold");
            }
            checkDeclared(d.getSizeInBytes(), "weight `" + name + "`");
            return new KerasArray(name, shape, () -> read(d, name, count));
        } catch (ArithmeticException e) {
            throw new KerasImportException(source + ": weight `" + name + "` declares a shape too large to hold");
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
    }

    private void checkDeclared(long bytes, String what) throws KerasImportException {
        if (bytes < 0 || bytes > fileSize * MAX_DEFLATE_RATIO) {
            throw new KerasImportException(source + ": " + what + " declares " + bytes + " bytes, more than a file of "
                    + fileSize + " bytes can hold");
        }
    }

    private float[] read(Dataset d, String name, long count) throws KerasImportException {
        Object flat;
        try {
            flat = d.getDataFlat();
        } catch (RuntimeException e) {
            throw new KerasImportException(source + ": cannot read weight `" + name + "`: " + damaged(source, e).getMessage(), e);
        }
        float[] f;
        if (flat instanceof float[] a) {
            f = a;
        } else if (flat instanceof double[] a) {
            f = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                f[i] = (float) a[i];
            }
        } else if (flat instanceof Number scalar && (flat instanceof Float || flat instanceof Double)) {
            f = new float[] {scalar.floatValue()};
        } else {
            throw new KerasImportException(source + ": weight `" + name + "` is not float32 or float64 ("
                    + (flat == null ? "null" : flat.getClass().getSimpleName()) + ")");
        }
        if (f.length != count) {
            throw new KerasImportException(source + ": weight `" + name + "` holds " + f.length + " values, its shape "
                    + count);
        }
        return f;
    }

    /** {@code s} on one line, at most {@code max} characters (and an ellipsis). */
    static String clip(String s, int max) {
        String line = s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }

    @Override
    public void close() {
        file.close();
    }
}

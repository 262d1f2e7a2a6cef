package dev.recurrent.io.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Keras HDF5 file, read with bounds: the whole file in memory (jHDF then reads its structure as
 * slices of that buffer, which cannot reach past the file's end), string attributes of at most
 * {@link #MAX_STRING_CHARS}, attributes and datasets whose declared size the file could hold and the
 * heap has room for ({@link HdfDeclaredSize}), checked before jHDF allocates them, and any damage
 * jHDF runs into reported as a {@link KerasImportException} naming the file.
 *
 * <p>One allocation is out of reach: jHDF sizes lists by the entry counts of a version 2 B-tree, a
 * fractal heap's indirect block or a chunk index header while it parses them (inside
 * {@code getChildren}, {@code getAttribute} and {@code getDataFlat}), before any API shows them. A
 * damaged count there (behind a checksum) can exceed the heap; only that {@link OutOfMemoryError},
 * from those calls, is reported as a damaged file.
 */
final class KerasHdf implements AutoCloseable {
    /** The longest string attribute read (a model_config of thousands of layers fits). */
    static final int MAX_STRING_CHARS = 16 << 20;
    /** The largest file read (a Java array's limit). */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /** How a slice of the in-memory file that reaches past its end fails (java.nio.Buffer.limit). */
    private static final Pattern PAST_THE_END = Pattern.compile("newLimit > capacity: \\((\\d+) > (\\d+)\\)");

    private final HdfFile file;
    private final String source;
    private final HdfDeclaredSize declared;

    private KerasHdf(HdfFile file, String source, long fileSize) {
        this.file = file;
        this.source = source;
        this.declared = new HdfDeclaredSize(source, fileSize);
    }

    /**
     * The file at {@code path}, read whole into memory: the same reading as {@link #fromBytes}. (From a
     * path, jHDF would allocate every block a header declares before reading it from the file.)
     */
    static KerasHdf open(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new KerasImportException(path + ": " + size + " bytes, more than the " + MAX_FILE_BYTES + " readable");
        }
        return fromBytes(Files.readAllBytes(path), path.toString());
    }

    static KerasHdf fromBytes(byte[] bytes, String source) throws KerasImportException {
        try {
            return new KerasHdf(HdfFile.fromBytes(bytes), source, bytes.length);
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
    }

    /**
     * jHDF reports damage with a variety of runtime exceptions; they all mean the same to the user. The
     * innermost cause, when another, is named too (a block reaching past the file's end, ...).
     */
    static KerasImportException damaged(String source, RuntimeException e) {
        Throwable root = e;
        for (int depth = 0; depth < 16 && root.getCause() != null; depth++) {
            root = root.getCause();
        }
        String cause = describe(e) + (root == e ? "" : "; " + describe(root));
        return new KerasImportException(source + ": not a readable HDF5 file, or a damaged one (" + clip(cause, 300) + ")", e);
    }

    private static String describe(Throwable t) {
        Matcher past = PAST_THE_END.matcher(String.valueOf(t.getMessage()));
        if (t instanceof IllegalArgumentException && past.matches()) {
            return "a block ending at byte " + past.group(1) + ", past the end of the " + past.group(2) + " bytes";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** The out-of-reach allocation (see the class comment) failed while jHDF parsed the structure of {@code what}. */
    private KerasImportException structureTooLarge(String what, OutOfMemoryError e) {
        return new KerasImportException(source + ": a damaged file: parsing the HDF5 structure of " + what + " asked for"
                + " more memory than the Java heap has (a B-tree, fractal heap or chunk index declaring more entries"
                + " than the file holds)", e);
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
            Attribute a = attribute(node, name);
            if (a == null) {
                return null;
            }
            if (a.getSize() > 1) {
                throw new KerasImportException(source + ": attribute `" + name + "` should be a string, got "
                        + a.getSize() + " values");
            }
            declared.attribute(a, name);
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
            Attribute a = attribute(node, name);
            if (a == null || a.getSize() == 0) {
                return new String[0];
            }
            if (a.getSize() > maxCount) {
                throw new KerasImportException(source + ": `" + node.getPath() + "` lists " + a.getSize() + " "
                        + name + ", more than the " + maxCount + " allowed");
            }
            declared.attribute(a, name);
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
                at = children(g).get(part);
            }
            return at;
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
    }

    /** The children of {@code g} by name. */
    Map<String, Node> children(Group g) throws KerasImportException {
        try {
            return g.getChildren();
        } catch (RuntimeException e) {
            throw damaged(source, e);
        } catch (OutOfMemoryError e) {
            throw structureTooLarge("the group `" + g.getPath() + "`", e);
        }
    }

    /** {@code node}'s attribute {@code name}, or null; its value not yet read. */
    private Attribute attribute(Node node, String name) throws KerasImportException {
        try {
            return node.getAttribute(name);
        } catch (OutOfMemoryError e) {
            throw structureTooLarge("the attributes of `" + node.getPath() + "`", e);
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
            declared.dataset(d, name, shape, count);
            return new KerasArray(name, shape, () -> read(d, name, count));
        } catch (ArithmeticException e) {
            throw new KerasImportException(source + ": weight `" + name + "` declares a shape too large to hold");
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
    }

    private float[] read(Dataset d, String name, long count) throws KerasImportException {
        Object flat;
        try {
            declared.heap(name, d.getSizeInBytes(), count, d.getJavaType() == double.class ? Double.BYTES : Float.BYTES);
            flat = d.getDataFlat();
        } catch (RuntimeException e) {
            throw new KerasImportException(source + ": cannot read weight `" + name + "`: " + damaged(source, e).getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw structureTooLarge("weight `" + name + "`", e);
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

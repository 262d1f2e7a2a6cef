package dev.recurrent.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The bounded reading of a model file's zip: the directory checked (unique names, sizes given and
 * within the file's), each entry read with a bound on its bytes and its CRC checked, and the entry
 * being read kept for the messages of every {@link InvalidModelFileException} of the load.
 */
final class ModelZipReader {
    /** Deflate cannot expand more than this (1032:1); a declared size beyond it is a lie. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private final Path file;
    private final ZipFile zip;
    private final long fileSize;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();
    /** The entry being read or checked, named by messages; null for the whole file. */
    String entry;

    ModelZipReader(Path file, ZipFile zip, long fileSize) {
        this.file = file;
        this.zip = zip;
        this.fileSize = fileSize;
    }

    Path file() {
        return file;
    }

    /** The problem, named with the file and the current entry. */
    InvalidModelFileException invalid(String problem) {
        return new InvalidModelFileException(file, entry, problem, null);
    }

    /** Reads the central directory: names must be unique, and weight entries are checked later. */
    void listEntries() throws IOException {
        if (zip.size() > ModelFiles.MAX_LAYERS * 20) {
            throw invalid("the zip holds " + zip.size() + " entries, more than any model file");
        }
        long compressed = 0;
        for (Iterator<? extends ZipEntry> it = zip.entries().asIterator(); it.hasNext(); ) {
            ZipEntry e = it.next();
            entry = e.getName();
            if (entries.put(e.getName(), e) != null) {
                throw invalid("the entry appears twice in the zip");
            }
            if (e.getCompressedSize() < 0 || e.getSize() < 0) {
                throw invalid("the zip directory gives no size for the entry");
            }
            compressed += e.getCompressedSize();
        }
        entry = null;
        if (compressed > fileSize) {
            throw invalid("the entries' compressed sizes add up to " + compressed + " bytes, more than the file's "
                    + fileSize);
        }
        if (!entries.containsKey(ModelFiles.MODEL_JSON)) {
            throw invalid("no " + ModelFiles.MODEL_JSON + " entry: not a model file (entries: "
                    + StrictJson.first(entries.keySet(), 10) + ")");
        }
    }

    /** The bytes of {@code model.json}, at most {@link ModelFiles#MAX_JSON_BYTES}. */
    byte[] readJson() throws IOException {
        ZipEntry e = entries.get(ModelFiles.MODEL_JSON);
        if (e.getSize() > ModelFiles.MAX_JSON_BYTES) {
            throw invalid("declares " + e.getSize() + " bytes, more than the " + ModelFiles.MAX_JSON_BYTES + " allowed");
        }
        try (InputStream in = open(e, e.getSize())) {
            return in.readAllBytes();
        }
    }

    /**
     * Before building: the weights the architecture declares must fit in the entries that hold
     * them, whose sizes are bounded by the file's own size (stored) or deflate's ratio.
     */
    void checkBudget(List<Layout.Weight> expected) throws IOException {
        for (Layout.Weight w : expected) {
            entry = w.path() + ".npy";
            ZipEntry e = entries.get(entry);
            if (e == null) {
                throw invalid("missing entry; the architecture needs weight " + w.path() + " of shape "
                        + Npy.tuple(w.shape()));
            }
            if (w.count() > Integer.MAX_VALUE - 8) {
                throw invalid("the architecture gives this weight shape " + Npy.tuple(w.shape()) + ", "
                        + w.count() + " values, more than one array can hold");
            }
            long data = 4 * w.count();
            if (e.getSize() < data + 10 || e.getSize() > data + 12 + Npy.MAX_HEADER_LENGTH) {
                throw invalid("declares " + e.getSize() + " bytes, but a .npy of shape " + Npy.tuple(w.shape())
                        + " takes " + data + " bytes of data plus a header of at most "
                        + (12 + Npy.MAX_HEADER_LENGTH));
            }
            checkRatio(e);
        }
        entry = null;
    }

    private void checkRatio(ZipEntry e) throws InvalidModelFileException {
        if (e.getMethod() == ZipEntry.STORED ? e.getSize() != e.getCompressedSize()
                : e.getSize() > e.getCompressedSize() * MAX_DEFLATE_RATIO + 64) {
            throw invalid("declares " + e.getSize() + " bytes from " + e.getCompressedSize()
                    + " compressed, which no valid entry can (damaged or hostile zip)");
        }
    }

    /** The {@code .npy} entry {@code name}, which must hold a finite array of exactly {@code shape}. */
    float[] readArray(String name, int[] shape) throws IOException {
        entry = name;
        ZipEntry e = entries.get(name);
        if (e == null) {
            throw invalid("missing entry; expected an array of shape " + Npy.tuple(shape));
        }
        checkRatio(e);
        float[] v;
        try (InputStream in = open(e, 4 * Npy.count(shape) + 12 + Npy.MAX_HEADER_LENGTH)) {
            v = Npy.read(in, shape, name);
        }
        int i = Npy.firstNonFinite(v);
        if (i >= 0) {
            throw invalid("holds a non-finite value (" + v[i] + ") at flat index " + i + " of shape "
                    + Npy.tuple(shape));
        }
        return v;
    }

    /** Refuses the first entry of the zip that is not one of {@code expected}. */
    void checkNoOthers(Set<String> expected) throws InvalidModelFileException {
        entry = null;
        for (String e : entries.keySet()) {
            if (!expected.contains(e)) {
                entry = e;
                throw invalid("unexpected entry; the model has " + expected);
            }
        }
    }

    /** The entry's bytes, at most {@code limit} and at most its declared size, with the CRC checked at the end. */
    private InputStream open(ZipEntry e, long limit) throws IOException {
        return new CheckedEntry(zip.getInputStream(e), e, Math.min(limit, e.getSize()));
    }
}

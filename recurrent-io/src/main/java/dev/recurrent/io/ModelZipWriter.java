package dev.recurrent.io;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes a model file's zip: {@code model.json} (deflated), then one stored {@code .npy} per array. */
final class ModelZipWriter {
    /** Entry times are fixed, so that the same model gives the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private ModelZipWriter() {
    }

    /** A weight or slot to write, read live from the model. */
    record Stored(String entry, float[] data, int[] shape) {
    }

    /**
     * Writes the zip to {@code out}, finished and flushed (not closed).
     *
     * @throws IllegalArgumentException if an array holds a non-finite value
     */
    static void write(OutputStream out, byte[] json, List<Stored> entries) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        ZipEntry je = new ZipEntry(ModelFiles.MODEL_JSON);
        je.setTimeLocal(ENTRY_TIME);
        je.setMethod(ZipEntry.DEFLATED);
        zip.putNextEntry(je);
        zip.write(json);
        zip.closeEntry();
        for (Stored s : entries) {
            checkFinite(s);
            // stored, not deflated: float noise does not compress, and a stored size bounds what loading allocates
            ZipEntry e = new ZipEntry(s.entry());
            e.setTimeLocal(ENTRY_TIME);
            e.setMethod(ZipEntry.STORED);
            long size = Npy.fileSize(s.shape());
            e.setSize(size);
            e.setCompressedSize(size);
            e.setCrc(Npy.crc(s.data(), s.shape()));
            zip.putNextEntry(e);
            Npy.write(zip, s.data(), s.shape());
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    private static void checkFinite(Stored s) {
        int i = Npy.firstNonFinite(s.data());
        if (i >= 0) {
            throw new IllegalArgumentException(s.entry() + ": holds a non-finite value (" + s.data()[i] + ") at flat index "
                    + i + " of shape " + Arrays.toString(s.shape()) + "; the model was not saved");
        }
    }
}

package dev.recurrent.io.keras;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.message.DataLayout;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks what an HDF5 attribute or dataset declares before jHDF reads its values. jHDF allocates a
 * buffer of the declared bytes and a Java array of the declared values before it reads them, so a
 * damaged header would have it attempt an allocation as large as the header says. Here the
 * declared bytes must fit in the file (stored whole) or in what deflate could expand the file to
 * (stored in compressed chunks), and what the read needs must fit in the heap's free memory.
 */
final class HdfDeclaredSize {
    /** Deflate's best ratio: no compressed dataset can expand to more than this many times the file's bytes. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    /** The HDF5 filters h5py writes without plugins: deflate, shuffle, fletcher32 and lzf. */
    private static final int DEFLATE = 1;
    private static final int SHUFFLE = 2;
    private static final int FLETCHER32 = 3;
    private static final int LZF = 32000;

    private final String source;
    private final long fileSize;

    HdfDeclaredSize(String source, long fileSize) {
        this.source = source;
        this.fileSize = fileSize;
    }

    /** An attribute's values live in its object header: they cannot be more bytes than the file has. */
    void attribute(Attribute a, String name) throws KerasImportException {
        long bytes = a.getSizeInBytes();
        if (bytes < 0 || bytes > fileSize) {
            throw new KerasImportException(source + ": attribute `" + name + "` declares " + bytes + " bytes ("
                    + Arrays.toString(a.getDimensionsAsLong()) + " values), more than the file's " + fileSize);
        }
    }

    /**
     * A weight of {@code count} values in {@code shape}: its declared bytes and, when chunked, each chunk's
     * bytes must fit in the file (or in deflate's expansion of it), and its filters be ones read here.
     */
    void dataset(Dataset d, String name, int[] shape, long count) throws KerasImportException {
        int elementSize = d.getDataType().getSize();
        long bytes = Math.multiplyExact(count, elementSize);
        String declared = "weight `" + name + "` declares shape " + Arrays.toString(shape) + " of " + elementSize
                + "-byte values (" + bytes + " bytes)";
        if (d.getDataLayout() != DataLayout.CHUNKED) {
            within(bytes, fileSize, declared + " in its " + d.getDataLayout().name().toLowerCase(Locale.ROOT)
                    + " layout, more than the file's " + fileSize + " bytes");
            return;
        }
        List<PipelineFilterWithData> filters = d.getFilters();
        long bound = fileSize;
        String what = "the file's " + fileSize + " bytes";
        if (!filters.isEmpty()) {
            bound = Math.multiplyExact(fileSize, MAX_DEFLATE_RATIO);
            what = MAX_DEFLATE_RATIO + " times the file's " + fileSize + " bytes (the most compression expands to)";
        }
        within(bytes, bound, declared + ", more than " + what);
        if (!(d instanceof ChunkedDataset chunked)) {
            throw new KerasImportException(source + ": weight `" + name + "` is chunked but its chunks cannot be read");
        }
        long chunkBytes = elementSize;
        for (int c : chunked.getChunkDimensions()) {
            if (c <= 0) {
                throw new KerasImportException(source + ": weight `" + name + "` declares a chunk dimension of " + c);
            }
            chunkBytes = Math.multiplyExact(chunkBytes, c);
        }
        within(chunkBytes, bound, "weight `" + name + "` declares chunks of "
                + Arrays.toString(chunked.getChunkDimensions()) + " values (" + chunkBytes + " bytes), more than " + what);
        for (PipelineFilterWithData f : filters) {
            filter(f, name, chunkBytes);
        }
    }

    private void filter(PipelineFilterWithData f, String name, long chunkBytes) throws KerasImportException {
        switch (f.getId()) {
            case DEFLATE, SHUFFLE, FLETCHER32 -> { }
            case LZF -> {
                // lzf's decoder allocates the chunk size its client data declares
                int[] data = f.getFilterData();
                if (data.length < 3 || data[2] < 0 || data[2] > chunkBytes) {
                    throw new KerasImportException(source + ": weight `" + name + "` declares an lzf chunk of "
                            + (data.length < 3 ? "no size" : data[2] + " bytes") + " for chunks of " + chunkBytes + " bytes");
                }
            }
            default -> throw new KerasImportException(source + ": weight `" + name + "` is stored with the HDF5 filter "
                    + f.getName() + " (id " + f.getId() + "); readable are deflate (gzip), shuffle, fletcher32 and lzf");
        }
    }

    private void within(long bytes, long bound, String refusal) throws KerasImportException {
        if (bytes < 0 || bytes > bound) {
            throw new KerasImportException(source + ": " + refusal);
        }
    }

    /**
     * Refuses to read a weight whose {@code bytes} in the file and {@code count} values in Java arrays
     * (jHDF's, of {@code javaBytes} each, and the float copy of a float64 weight) need more than the heap
     * has free, after one collection.
     */
    void heap(String name, long bytes, long count, int javaBytes) throws KerasImportException {
        long needed = bytes + count * javaBytes + (javaBytes == Float.BYTES ? 0 : count * Float.BYTES);
        if (needed <= available()) {
            return;
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long available = available();
        if (needed > available) {
            throw new KerasImportException(source + ": reading weight `" + name + "` needs " + mib(needed) + " MiB, more"
                    + " than the " + mib(available) + " MiB the Java heap has free (it may use " + mib(rt.maxMemory())
                    + " MiB); give Java more memory: java -Xmx<size>, or RECURRENT_JAVA_OPTS=-Xmx<size> for the"
                    + " command line");
        }
    }

    private static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}

package dev.recurrent.io.keras;

/**
 * A runtime exception thrown inside the HDF5 reader (jhdf) on a damaged file: its own
 * {@code HdfException}, or a buffer, index or argument exception from its parsing, or an
 * {@link OutOfMemoryError} from one buffer of a size the file declares (jhdf allocates what a header
 * says before reading it; the failed allocation leaves the heap as it was). Such an exception
 * becomes a {@link KerasImportException}; a runtime exception thrown by the importer's own code is
 * left as it is.
 */
final class HdfFailure {
    private HdfFailure() {
    }

    /** {@code e} as a {@link KerasImportException} naming {@code source}, or null when jhdf did not throw it. */
    static KerasImportException of(String source, Throwable e) {
        if (e instanceof OutOfMemoryError) {   // after many, the JVM throws them without a stack trace
            return new KerasImportException(source + ": a damaged file, or a model too large for the Java heap: it"
                    + " declares a block larger than the heap can hold; give Java more memory (-Xmx) if the file is"
                    + " sound", e);
        }
        for (StackTraceElement frame : e.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("io.jhdf.")) {
                return new KerasImportException(source + ": not a readable HDF5 file, or a damaged one (" + e + ")", e);
            }
            if (c.startsWith("dev.recurrent.")) {
                return null;
            }
        }
        return null;
    }
}

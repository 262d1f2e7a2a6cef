package dev.recurrent.io.keras;

/**
 * A runtime exception thrown inside the HDF5 reader (jhdf) on a damaged file, outside the calls
 * {@link KerasHdf} guards: its own {@code HdfException}, or a buffer, index or argument exception from
 * its parsing. Such an exception becomes a {@link KerasImportException}; a runtime exception thrown by
 * the importer's own code is left as it is.
 */
final class HdfFailure {
    private HdfFailure() {
    }

    /** {@code e} as a {@link KerasImportException} naming {@code source}, or null when jhdf did not throw it. */
    static KerasImportException of(String source, RuntimeException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("io.jhdf.")) {
                return KerasHdf.damaged(source, e);
            }
            if (c.startsWith("dev.recurrent.")) {
                return null;
            }
        }
        return null;
    }
}

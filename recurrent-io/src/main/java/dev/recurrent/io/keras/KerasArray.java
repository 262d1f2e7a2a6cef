package dev.recurrent.io.keras;

/**
 * One stored weight: its name as the file lists it ({@code lstm_1/kernel:0}), its shape, and how to
 * read its values (row-major), which happens only once the shape is known to fit.
 */
record KerasArray(String name, int[] shape, Reader reader) {

    interface Reader {
        float[] read() throws KerasImportException;
    }

    /** The number of values the shape declares. */
    long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The name without its {@code :0} suffix (absent from Theano-saved files). */
    String bareName() {
        return name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
    }

    /** The last path segment of the bare name: {@code kernel}, {@code lstm_1_W_i}, ... */
    String leaf() {
        String b = bareName();
        return b.substring(b.lastIndexOf('/') + 1);
    }

    /** Whether this is the backward half of a {@code Bidirectional}'s weights. */
    boolean backward() {
        for (String segment : bareName().split("/")) {
            if (segment.startsWith("backward_")) {
                return true;
            }
        }
        return false;
    }
}

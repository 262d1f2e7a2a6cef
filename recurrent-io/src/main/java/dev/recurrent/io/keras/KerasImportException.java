package dev.recurrent.io.keras;

import java.io.IOException;

/**
 * A Keras file that cannot be imported: not an HDF5 file, not a full model, damaged, or holding a
 * layer or an option Recurrent has no equivalent for. The message names the layer, its class, the
 * option and what to do instead.
 */
public final class KerasImportException extends IOException {
    private static final long serialVersionUID = 1L;

    public KerasImportException(String message) {
        super(message);
    }

    public KerasImportException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.recurrent.io.keras;

/**
 * A model that cannot be written as a Keras 3 {@code .keras} file: a layer or an option Keras has no
 * equivalent for. The message names the layer, its class, the option and what to do instead.
 */
public final class KerasExportException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KerasExportException(String message) {
        super(message);
    }
}

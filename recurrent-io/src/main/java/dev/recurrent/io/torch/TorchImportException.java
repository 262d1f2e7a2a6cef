package dev.recurrent.io.torch;

import java.io.IOException;

/**
 * A safetensors file or a PyTorch state dict that cannot be read or does not fit the model: a
 * damaged header, a tensor past the end of the file, a name that is not an {@code nn.LSTM},
 * {@code nn.GRU}, {@code nn.RNN} or {@code nn.Linear} weight, or a shape other than the model's.
 * The message names the file and the tensor.
 */
public final class TorchImportException extends IOException {
    private static final long serialVersionUID = 1L;

    public TorchImportException(String message) {
        super(message);
    }

    public TorchImportException(String message, Throwable cause) {
        super(message, cause);
    }
}

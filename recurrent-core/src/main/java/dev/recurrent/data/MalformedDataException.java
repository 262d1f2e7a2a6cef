package dev.recurrent.data;

import java.io.IOException;

/** A data file that exists but does not hold what its format promises; the message names the file and the place. */
public final class MalformedDataException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedDataException(String message) {
        super(message);
    }
}

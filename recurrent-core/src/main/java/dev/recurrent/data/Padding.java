package dev.recurrent.data;

import java.util.Locale;

/** Where {@link Sequences#padSequences} adds padding: Keras' {@code padding="pre"} or {@code "post"}. */
public enum Padding {
    /** Pad before the sequence (Keras' default). */
    PRE,
    /** Pad after the sequence. */
    POST;

    /** Parses Keras' name, {@code "pre"} or {@code "post"}. */
    public static Padding of(String name) {
        if (name != null) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "pre": return PRE;
                case "post": return POST;
                default: break;
            }
        }
        throw new IllegalArgumentException("Padding type \"" + name + "\" not understood: expected \"pre\" or \"post\"");
    }
}

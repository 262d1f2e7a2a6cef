package dev.recurrent.data;

import java.util.Locale;

/** Where {@link Sequences#padSequences} cuts a sequence that is too long: Keras' {@code truncating="pre"} or {@code "post"}. */
public enum Truncating {
    /** Remove values from the beginning, keeping the last {@code maxlen} (Keras' default). */
    PRE,
    /** Remove values from the end, keeping the first {@code maxlen}. */
    POST;

    /** Parses Keras' name, {@code "pre"} or {@code "post"}. */
    public static Truncating of(String name) {
        if (name != null) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "pre": return PRE;
                case "post": return POST;
                default: break;
            }
        }
        throw new IllegalArgumentException("Truncating type \"" + name + "\" not understood: expected \"pre\" or \"post\"");
    }
}

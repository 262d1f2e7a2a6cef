package dev.recurrent.layers;

/**
 * What the last forward call of a {@link Recurrent} layer did, which its backward call and its
 * diagnostics depend on, with the refusals when they cannot run.
 */
final class LastForward {
    /** Whether there was a forward call at all. */
    boolean done;
    /** Whether it applied the input dropout mask (its backward applies it to the input gradient). */
    boolean inputDropout;
    /** False after chunked inference, which kept only the final states. */
    boolean cachesKept = true;
    /** Whether it read token ids, and so kept no input for a backward call. */
    boolean fromTokens;
    /** Whether it took one input repeated at every step ({@link Recurrent#forwardRepeated}). */
    boolean repeated;
    /** Whether the backward call since wrote the gate gradients over its gates. */
    boolean gatesOverwritten;

    void requireDone(String layer) {
        if (!done) {
            throw new IllegalStateException(layer + ": backward needs a forward call first");
        }
    }

    void requireCaches(String layer, String what) {
        requireDone(layer);
        if (!cachesKept) {
            throw new IllegalStateException(layer + ": " + what + " needs the per-step caches, which the last"
                    + " forward call (inference on a long sequence) did not keep: call keepForwardCaches(true)"
                    + " first, or forward with training = true");
        }
    }

    void requireGates(String layer, String what) {
        requireCaches(layer, what);
        if (gatesOverwritten) {
            throw new IllegalStateException(layer + ": " + what + " needs the gates of the last forward call, and the"
                    + " backward call since has written the gate gradients over them: call forward again first");
        }
    }

    /** Refuses a backward call that the last forward call left nothing (or no input) for. */
    void requireBackward(String layer) {
        requireGates(layer, "backward");
        if (fromTokens) {
            throw new IllegalStateException(layer + ": backward needs the input of the last forward call, which inference"
                    + " on token ids (forwardTokens) does not make; call forward with the embedded input instead");
        }
    }

    /** Whether the gates and states of every step of the last call are still in its workspace. */
    boolean gatesReadable() {
        return done && cachesKept && !gatesOverwritten;
    }
}

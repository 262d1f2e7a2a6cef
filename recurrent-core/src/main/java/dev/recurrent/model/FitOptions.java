package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code fit} ({@link Sequential#fit}, {@link Model#fit(java.util.List, java.util.List, FitOptions)}),
 * with Keras' defaults: 1 epoch, batch size 32, shuffled, no validation.
 */
public final class FitOptions {
    int epochs = 1;
    int batchSize = 32;
    double validationSplit;
    Tensor validationX, validationY;
    /** A graph model's validation data: one tensor per input and per output. */
    List<Tensor> validationXs, validationYs;
    boolean shuffle = true;
    int initialEpoch;
    int gradientWindow;
    /** Truncated BPTT's forward and backward lengths; 0 when off. */
    int tbpttForward, tbpttBackward;
    boolean recordGradientNorms;
    boolean terminateOnNonFinite = true;
    final List<Callback> callbacks = new ArrayList<>();

    public static FitOptions defaults() {
        return new FitOptions();
    }

    public FitOptions epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("fit: `epochs` must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    public FitOptions batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("fit: `batch_size` must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The fraction of the samples, taken from the end before shuffling, held out for validation. */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fit: `validation_split` must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    public FitOptions validationData(Tensor x, Tensor y) {
        this.validationX = x;
        this.validationY = y;
        return this;
    }

    /** Validation data of a graph {@link Model}: one tensor per input, one per output. */
    public FitOptions validationData(List<Tensor> xs, List<Tensor> ys) {
        this.validationXs = List.copyOf(xs);
        this.validationYs = List.copyOf(ys);
        return this;
    }

    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** The epoch to start from (to resume a run: epochs counts up to {@code epochs}). */
    public FitOptions initialEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("fit: `initial_epoch` must not be negative, got " + epoch);
        }
        this.initialEpoch = epoch;
        return this;
    }

    /**
     * The truncated gradient: in every recurrent layer the gradient flows back at most to the start
     * of its window of {@code steps} steps. The forward pass, the states and the memory still cover
     * the whole sequence, with one update per batch; only the gradient is cut. 0 = full BPTT. For
     * sequences too long to hold, see {@link #tbptt(int)}.
     */
    public FitOptions gradientWindow(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("fit: the gradient window needs a non-negative number of steps, got " + steps);
        }
        this.gradientWindow = steps;
        return this;
    }

    /** @deprecated the name of {@link #gradientWindow}, which says what it truncates; {@link #tbptt} cuts the sequence. */
    @Deprecated
    public FitOptions truncatedBptt(int steps) {
        return gradientWindow(steps);
    }

    /**
     * Truncated backpropagation through time as Deeplearning4j's {@code tBPTTLength(k)} and Keras'
     * stateful chunks: each batch's sequences are cut into chunks of {@code steps} steps (the last
     * may be shorter), and each chunk gets its own forward pass, backward pass and optimizer update,
     * its recurrent layers starting from the states the chunk before ended with (no gradient flows
     * into them). Training memory is that of one chunk, whatever the length of the sequence. With a
     * sequence output the loss and metrics are each chunk's; with a single output (the last step's)
     * the chunks before the last run forward only and the last one is trained. See docs/training.md.
     */
    public FitOptions tbptt(int steps) {
        return tbptt(steps, steps);
    }

    /**
     * As {@link #tbptt(int)}, with Deeplearning4j's backward length: in each chunk the gradient flows
     * back only through the last {@code backwardSteps} steps, and the outputs of the steps before
     * them get no gradient ({@code tBPTTForwardLength}, {@code tBPTTBackwardLength}).
     */
    public FitOptions tbptt(int forwardSteps, int backwardSteps) {
        if (forwardSteps < 1) {
            throw new IllegalArgumentException("fit: truncated BPTT needs a forward length of at least 1 step, got "
                    + forwardSteps);
        }
        if (backwardSteps < 1 || backwardSteps > forwardSteps) {
            throw new IllegalArgumentException("fit: truncated BPTT needs a backward length in [1, " + forwardSteps
                    + "] (the forward length), got " + backwardSteps);
        }
        this.tbpttForward = forwardSteps;
        this.tbpttBackward = backwardSteps;
        return this;
    }

    /**
     * Records the global gradient norm of every batch, before and after the optimizer's clipping
     * (off by default: when off nothing is computed). The history then has, per epoch,
     * {@code grad_norm} and {@code grad_norm_max} (the mean and the largest over the epoch's
     * batches of the norm of all the gradients together before clipping) and
     * {@code grad_norm_clipped}, {@code grad_norm_clipped_max} (the same after clipping; equal to
     * the former without clipping), and every batch's value in {@link History#batchValues}. The
     * training itself is unchanged.
     */
    public FitOptions recordGradientNorms(boolean on) {
        this.recordGradientNorms = on;
        return this;
    }

    /**
     * Keras' {@code TerminateOnNaN}, on by default: fit stops at the first batch whose loss or
     * gradient is NaN or infinite, before its update, with a {@link NonFiniteTrainingException}
     * naming the epoch, the batch and the first parameter at fault. Off: such steps are applied.
     */
    public FitOptions terminateOnNonFinite(boolean on) {
        this.terminateOnNonFinite = on;
        return this;
    }

    public FitOptions callbacks(Callback... callbacks) {
        this.callbacks.addAll(List.of(callbacks));
        return this;
    }
}

package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@link Sequential#fit}, with Keras' defaults: 1 epoch, batch size 32, shuffled,
 * no validation.
 */
public final class FitOptions {
    int epochs = 1;
    int batchSize = 32;
    double validationSplit;
    Tensor validationX, validationY;
    boolean shuffle = true;
    int initialEpoch;
    int truncatedBptt;
    boolean recordGradientNorms;
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
     * Truncated backpropagation through time for long sequences: in every recurrent layer the
     * gradient flows back at most to the start of its window of {@code steps} steps (the forward
     * pass and the states still cover the whole sequence; one update per batch). 0 = full BPTT.
     */
    public FitOptions truncatedBptt(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("fit: truncated BPTT needs a non-negative number of steps, got " + steps);
        }
        this.truncatedBptt = steps;
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

    public FitOptions callbacks(Callback... callbacks) {
        this.callbacks.addAll(List.of(callbacks));
        return this;
    }
}

package dev.recurrent.model;

/**
 * Training stopped at the first batch whose loss or gradient was NaN or infinite (Keras'
 * {@code TerminateOnNaN}, on by default: {@link FitOptions#terminateOnNonFinite}). That batch's
 * update was not applied: the model keeps the weights of the last finite step.
 */
public final class NonFiniteTrainingException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int epoch, batch;
    private final String what;

    NonFiniteTrainingException(String model, int epoch, int batch, String what) {
        super(model + ": training stopped at epoch " + (epoch + 1) + ", batch " + (batch + 1) + ": " + what
                + "; the weights are those of the last finite step (a lower learning rate, gradient clipping or"
                + " scaled data may help)");
        this.epoch = epoch;
        this.batch = batch;
        this.what = what;
    }

    /** The epoch, from 0. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, from 0. */
    public int batch() {
        return batch;
    }

    /** What went non-finite: the loss, or the first parameter's gradient ({@code "lstm/kernel"}). */
    public String what() {
        return what;
    }
}

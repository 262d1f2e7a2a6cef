package dev.recurrent.decoding;

/**
 * The states of a model's recurrent layers between two steps of a {@link SequentialStepper}: for
 * each, in model order, {h} or {h, c}, each [batch, units]. A step updates them in place; {@link
 * #copy} makes an independent one (beam search keeps one per hypothesis).
 */
public final class StepState {
    private final int batch;
    private final float[][][] layers;

    StepState(int batch, float[][][] layers) {
        this.batch = batch;
        this.layers = layers;
    }

    /** The number of sequences the states are for. */
    public int batch() {
        return batch;
    }

    /** The number of recurrent layers. */
    public int layerCount() {
        return layers.length;
    }

    /** The states of recurrent layer {@code i} (0 = the first), {h} or {h, c}: the live arrays. */
    public float[][] layer(int i) {
        return layers[i];
    }

    /** An independent copy. */
    public StepState copy() {
        float[][][] c = new float[layers.length][][];
        for (int i = 0; i < layers.length; i++) {
            c[i] = new float[layers[i].length][];
            for (int s = 0; s < layers[i].length; s++) {
                c[i][s] = layers[i][s].clone();
            }
        }
        return new StepState(batch, c);
    }
}

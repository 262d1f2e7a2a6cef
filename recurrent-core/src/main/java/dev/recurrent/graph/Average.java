package dev.recurrent.graph;

/** Keras' {@code Average()}: the mean of inputs of one shape. */
public final class Average extends ElementwiseMerge {

    public Average() {
        this("average");
    }

    public Average(String name) {
        super(name);
    }

    @Override
    public String type() {
        return "Average";
    }

    @Override
    float[] merge(float[][] xs, int batch) {
        float[] y = xs[0].clone();
        for (int k = 1; k < xs.length; k++) {
            for (int i = 0; i < y.length; i++) {
                y[i] += xs[k][i];
            }
        }
        float n = xs.length;
        for (int i = 0; i < y.length; i++) {
            y[i] /= n;
        }
        return y;
    }

    @Override
    float[][] gradients(float[][] xs, float[] dy, int batch) {
        float[][] d = new float[xs.length][];
        float n = xs.length;
        for (int k = 0; k < xs.length; k++) {
            d[k] = new float[dy.length];
            for (int i = 0; i < dy.length; i++) {
                d[k][i] = dy[i] / n;
            }
        }
        return d;
    }
}

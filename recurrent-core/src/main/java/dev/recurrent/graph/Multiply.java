package dev.recurrent.graph;

/** Keras' {@code Multiply()}: the product of inputs of one shape, value by value. */
public final class Multiply extends ElementwiseMerge {

    public Multiply() {
        this("multiply");
    }

    public Multiply(String name) {
        super(name);
    }

    @Override
    public String type() {
        return "Multiply";
    }

    @Override
    float[] merge(float[][] xs, int batch) {
        float[] y = xs[0].clone();
        for (int k = 1; k < xs.length; k++) {
            for (int i = 0; i < y.length; i++) {
                y[i] *= xs[k][i];
            }
        }
        return y;
    }

    /** The gradient of input k: dy times the product of the other inputs. */
    @Override
    float[][] gradients(float[][] xs, float[] dy, int batch) {
        float[][] d = new float[xs.length][];
        for (int k = 0; k < xs.length; k++) {
            d[k] = dy.clone();
            for (int j = 0; j < xs.length; j++) {
                if (j != k) {
                    for (int i = 0; i < dy.length; i++) {
                        d[k][i] *= xs[j][i];
                    }
                }
            }
        }
        return d;
    }
}

package dev.recurrent.graph;

/** Keras' {@code Add()}: the sum of inputs of one shape. */
public final class Add extends ElementwiseMerge {

    public Add() {
        this("add");
    }

    public Add(String name) {
        super(name);
    }

    @Override
    public String type() {
        return "Add";
    }

    @Override
    float[] merge(float[][] xs, int batch) {
        float[] y = xs[0].clone();
        for (int k = 1; k < xs.length; k++) {
            for (int i = 0; i < y.length; i++) {
                y[i] += xs[k][i];
            }
        }
        return y;
    }

    @Override
    float[][] gradients(float[][] xs, float[] dy, int batch) {
        float[][] d = new float[xs.length][];
        for (int k = 0; k < xs.length; k++) {
            d[k] = dy.clone();
        }
        return d;
    }
}

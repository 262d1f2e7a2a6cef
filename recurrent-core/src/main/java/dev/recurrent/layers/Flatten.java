package dev.recurrent.layers;

/** Flattens each sample to one vector: (T, F) → (T·F). */
public final class Flatten extends Layer {

    public Flatten() {
        this("flatten");
    }

    public Flatten(String name) {
        super(name);
    }

    @Override
    public String type() {
        return "Flatten";
    }

    @Override
    protected Shape onBuild(Shape input, long seed) {
        return Shape.of(input.size());
    }

    @Override
    public float[] forward(float[] x, int batch, boolean[] mask, boolean training) {
        if (requireValues(x, "an input").length != batch * inputShape().size()) {
            throw new IllegalArgumentException(name() + ": expected " + Dense.shapeOf(batch, inputShape()) + ", got "
                    + x.length + " values");
        }
        return x;
    }

    @Override
    public boolean[] outputMask(boolean[] inputMask) {
        return null;
    }

    @Override
    public float[] backward(float[] dy) {
        return dy;
    }
}

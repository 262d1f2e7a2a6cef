package dev.recurrent.model;

import dev.recurrent.layers.Layer;

import java.util.List;

/** Keras' model summary: one row per layer (name and type, output shape, parameters), then totals. */
final class ModelSummary {

    private ModelSummary() {
    }

    static String table(String name, List<Layer> layers) {
        int nameWidth = 32, shapeWidth = 24;
        for (Layer l : layers) {
            nameWidth = Math.max(nameWidth, l.name().length() + l.type().length() + 4);
            shapeWidth = Math.max(shapeWidth, l.outputShape().toString().length() + 2);
        }
        String row = " %-" + nameWidth + "s %-" + shapeWidth + "s %12s%n";
        int width = nameWidth + shapeWidth + 15;
        String rule = "_".repeat(width), thick = "=".repeat(width);
        StringBuilder s = new StringBuilder();
        s.append("Model: \"").append(name).append("\"\n").append(rule).append('\n');
        s.append(String.format(row, "Layer (type)", "Output Shape", "Param #"));
        s.append(thick).append('\n');
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            long p = l.parameterCount();
            total += p;
            s.append(String.format(row, l.name() + " (" + l.type() + ")", l.outputShape(), String.format("%,d", p)));
            if (i < layers.size() - 1) {
                s.append('\n');
            }
        }
        s.append(thick).append('\n');
        s.append(String.format("Total params: %,d%n", total));
        s.append(String.format("Trainable params: %,d%n", total));
        s.append("Non-trainable params: 0\n").append(rule).append('\n');
        return s.toString();
    }
}

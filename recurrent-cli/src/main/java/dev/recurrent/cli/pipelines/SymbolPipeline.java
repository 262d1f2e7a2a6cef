package dev.recurrent.cli.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The next symbol after a window of symbols, as {@code demo alphabet} trains it: each symbol is its index
 * in {@code symbols} divided by their number, the window is given either as time steps of one feature
 * ({@code [1, window, 1]}) or as features of one step ({@code [1, 1, window]}), and the model answers a
 * softmax over the symbols. The sidecar ({@code task} {@value #TASK}) holds the symbols, the window and
 * the layout, so that {@code recurrent predict} feeds a saved model as it was trained.
 */
public final class SymbolPipeline {
    public static final String TASK = "next-symbol";

    public final String symbols;
    final int window;
    public final boolean asSteps;

    public SymbolPipeline(String symbols, int window, boolean asSteps) {
        this.symbols = symbols;
        this.window = window;
        this.asSteps = asSteps;
    }

    /** The sidecar's {@code preprocessing}. */
    public Map<String, Object> toJson() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("symbols", symbols);
        p.put("window", window);
        p.put("layout", asSteps ? "steps" : "features");
        p.put("encoding", "index / " + symbols.length());
        return p;
    }

    public static SymbolPipeline fromJson(JsonNode sidecar, Path model) {
        String symbols = Sidecar.field(sidecar, model, "preprocessing", "symbols").asText();
        int window = Sidecar.field(sidecar, model, "preprocessing", "window").asInt();
        String layout = Sidecar.field(sidecar, model, "preprocessing", "layout").asText();
        if (symbols.length() < 2 || window < 1 || !(layout.equals("steps") || layout.equals("features"))) {
            throw new InputError(Sidecar.pathFor(model) + ": symbols \"" + symbols + "\", window " + window + " and layout \""
                    + layout + "\" are not valid (expected at least 2 symbols, a window >= 1, steps or features)");
        }
        return new SymbolPipeline(symbols, window, layout.equals("steps"));
    }

    /** Checks that {@code model} takes the window in this layout and answers one probability per symbol. */
    public void checkModel(Sequential model, Path file) {
        int[] in = model.inputShape().dims(), out = model.outputShape().dims();
        int steps = asSteps ? window : 1, features = asSteps ? 1 : window;
        if (in.length != 2 || in[0] != steps || in[1] != features || out.length != 1 || out[0] != symbols.length()) {
            throw new InputError(file + ": the model takes " + model.inputShape() + " and gives " + model.outputShape()
                    + ", but its sidecar says " + steps + " steps of " + features + " features and "
                    + symbols.length() + " symbols");
        }
    }

    /**
     * The symbols of {@code text} (spaces between them optional; letters in either case when the symbols
     * have one case only), of which the model reads the last {@code window}.
     */
    public int[] parse(String text, String option) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == ',') {
                continue;
            }
            int id = indexOf(c);
            if (id < 0) {
                throw new InputError(option + ": '" + c + "' is not one of the model's symbols " + symbols);
            }
            ids.add(id);
        }
        if (ids.size() < window) {
            throw new InputError(option + " has " + ids.size() + " symbols, but the model reads the last " + window
                    + (window == 1 ? "" : " (e.g. \"" + String.join(" ", symbols.substring(0, window).split("")) + "\")"));
        }
        return ids.subList(ids.size() - window, ids.size()).stream().mapToInt(Integer::intValue).toArray();
    }

    private int indexOf(char c) {
        int id = symbols.indexOf(c);
        if (id < 0 && symbols.equals(symbols.toUpperCase(Locale.ROOT))) {
            id = symbols.indexOf(Character.toUpperCase(c));
        }
        if (id < 0 && symbols.equals(symbols.toLowerCase(Locale.ROOT))) {
            id = symbols.indexOf(Character.toLowerCase(c));
        }
        return id;
    }

    /** The model's input for one window of symbol indices: {@code index / symbols}, in reading order. */
    public Tensor x(int[] ids) {
        float[] x = new float[window];
        for (int j = 0; j < window; j++) {
            x[j] = ids[j] / (float) symbols.length();
        }
        return asSteps ? Tensor.of(x, 1, window, 1) : Tensor.of(x, 1, 1, window);
    }

    /** The symbols shown, as text: {@code A B C}. */
    public String show(int[] ids) {
        StringBuilder s = new StringBuilder();
        for (int id : ids) {
            s.append(s.length() == 0 ? "" : " ").append(symbols.charAt(id));
        }
        return s.toString();
    }
}

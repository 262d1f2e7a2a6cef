package dev.recurrent.io.torch;

import dev.recurrent.io.torch.Safetensors.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A state dict's tensors grouped by module: the recurrent modules ({@code nn.LSTM}, {@code nn.GRU},
 * {@code nn.RNN}: {@code weight_ih_l0}, {@code weight_hh_l0_reverse}, ...) and the plain ones
 * ({@code nn.Linear}, {@code nn.Embedding}: {@code weight}, {@code bias}), each under its prefix
 * ({@code ""} for a bare module, {@code "lstm."} inside a model). Every recurrent module is checked
 * whole here: its layers numbered from 0, both directions or one, the biases all there or none,
 * the projections ({@code weight_hr}, an LSTM with {@code proj_size}) all there or none, and every
 * shape consistent with the others.
 */
final class TorchModules {
    private static final Pattern RECURRENT = Pattern.compile("(.*?)(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\\d{1,4})(_reverse)?");
    private static final Pattern PLAIN = Pattern.compile("(.*?)(weight|bias)");

    /** One direction of one layer, as PyTorch keeps it ({@code weightHr} null without {@code proj_size}). */
    record Direction(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh, Tensor weightHr) {
    }

    /**
     * A recurrent module: {@code gates} 4 (LSTM), 3 (GRU) or 1 (RNN); {@code projection} the LSTM's
     * {@code proj_size} (0: none); {@code layers[k][d]}, d = 1 the reverse direction.
     */
    record RecurrentModule(String prefix, int gates, int hidden, int projection, int inputSize, boolean bidirectional,
                           boolean bias, Direction[][] layers) {
        String kind() {
            return gates == 4 ? "nn.LSTM" : gates == 3 ? "nn.GRU" : "nn.RNN";
        }

        String describe() {
            return "'" + prefix + "*' (" + kind() + ", hidden_size " + hidden
                    + (projection > 0 ? ", proj_size " + projection : "") + ", input_size " + inputSize
                    + ", num_layers " + layers.length + (bidirectional ? ", bidirectional" : "")
                    + (bias ? "" : ", bias=False") + ")";
        }
    }

    /** An {@code nn.Linear} or {@code nn.Embedding}: weight [out, in] (or [num, dim]), bias [out] or null. */
    record PlainModule(String prefix, Tensor weight, Tensor bias) {
    }

    final List<RecurrentModule> recurrent = new ArrayList<>();
    final List<PlainModule> plain = new ArrayList<>();

    private TorchModules() {
    }

    static TorchModules of(String source, Map<String, Tensor> tensors) throws TorchImportException {
        Map<String, Map<String, Tensor>> rec = new TreeMap<>();
        Map<String, Map<String, Tensor>> pl = new LinkedHashMap<>();
        for (Tensor t : tensors.values()) {
            Matcher m = RECURRENT.matcher(t.name());
            Matcher p = PLAIN.matcher(t.name());
            if (m.matches()) {
                rec.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(t.name().substring(m.group(1).length()), t);
            } else if (p.matches() && (p.group(1).isEmpty() || p.group(1).endsWith("."))) {
                pl.computeIfAbsent(p.group(1), k -> new LinkedHashMap<>()).put(p.group(2), t);
            } else {
                throw new TorchImportException(source + ": tensor '" + t.name() + "' is not a weight of nn.LSTM, nn.GRU,"
                        + " nn.RNN, nn.Linear or nn.Embedding (expected names such as weight_ih_l0, bias_hh_l1_reverse,"
                        + " fc.weight)");
            }
        }
        TorchModules modules = new TorchModules();
        for (Map.Entry<String, Map<String, Tensor>> e : rec.entrySet()) {
            modules.recurrent.add(recurrent(source, e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, Map<String, Tensor>> e : pl.entrySet()) {
            modules.plain.add(plain(source, e.getKey(), e.getValue()));
        }
        return modules;
    }

    private static PlainModule plain(String source, String prefix, Map<String, Tensor> t) throws TorchImportException {
        Tensor w = t.get("weight"), b = t.get("bias");
        if (w == null) {
            throw new TorchImportException(source + ": '" + prefix + "bias' has no '" + prefix + "weight' beside it");
        }
        if (w.shape().length != 2) {
            throw new TorchImportException(source + ": '" + prefix + "weight' has shape " + Arrays.toString(w.shape())
                    + "; expected [out_features, in_features] (nn.Linear) or [num_embeddings, dim] (nn.Embedding)");
        }
        if (b != null && (b.shape().length != 1 || b.shape()[0] != w.shape()[0])) {
            throw new TorchImportException(source + ": '" + prefix + "bias' has shape " + Arrays.toString(b.shape())
                    + "; expected [" + w.shape()[0] + "] for weight " + Arrays.toString(w.shape()));
        }
        return new PlainModule(prefix, w, b);
    }

    private static RecurrentModule recurrent(String source, String prefix, Map<String, Tensor> t)
            throws TorchImportException {
        Tensor hh0 = t.get("weight_hh_l0");
        if (hh0 == null) {
            throw new TorchImportException(source + ": '" + prefix + "weight_hh_l0' is missing (the module '" + prefix
                    + "' has " + String.join(", ", t.keySet()) + ")");
        }
        int[] s = hh0.shape();
        Tensor hr0 = t.get("weight_hr_l0");
        int hidden, gates, projection = 0;
        if (hr0 != null) {
            if (s.length != 2 || s[0] == 0 || s[0] % 4 != 0 || s[1] == 0) {
                throw new TorchImportException(source + ": '" + prefix + "weight_hh_l0' has shape " + Arrays.toString(s)
                        + "; expected [4*hidden_size, proj_size] beside '" + prefix + "weight_hr_l0'"
                        + " (nn.LSTM with proj_size)");
            }
            gates = 4;
            hidden = s[0] / 4;
            projection = s[1];
        } else if (s.length != 2 || s[1] == 0 || s[0] % s[1] != 0 || !List.of(1, 3, 4).contains(s[0] / s[1])) {
            throw new TorchImportException(source + ": '" + prefix + "weight_hh_l0' has shape " + Arrays.toString(s)
                    + "; expected [G*hidden_size, hidden_size] with G = 4 (LSTM), 3 (GRU) or 1 (RNN)");
        } else {
            hidden = s[1];
            gates = s[0] / s[1];
        }
        int state = projection > 0 ? projection : hidden;
        int layers = 0;
        while (t.containsKey("weight_ih_l" + layers) || t.containsKey("weight_hh_l" + layers)) {
            layers++;
        }
        boolean bidirectional = t.containsKey("weight_ih_l0_reverse");
        boolean bias = t.containsKey("bias_ih_l0");
        if (bidirectional && projection > 0) {
            throw new TorchImportException(source + ": module '" + prefix + "' is a bidirectional nn.LSTM with proj_size "
                    + projection + ", which is not supported: ProjectedLSTM cannot be wrapped in Bidirectional");
        }
        Direction[][] dirs = new Direction[layers][bidirectional ? 2 : 1];
        int used = 0;
        Tensor ih0 = t.get("weight_ih_l0");
        int inputSize = ih0 == null || ih0.shape().length != 2 ? -1 : ih0.shape()[1];
        for (int k = 0; k < layers; k++) {
            int in = k == 0 ? inputSize : state * (bidirectional ? 2 : 1);
            for (int d = 0; d < dirs[k].length; d++) {
                String suffix = "_l" + k + (d == 1 ? "_reverse" : "");
                Tensor wih = need(source, prefix, t, "weight_ih" + suffix, gates * hidden, in);
                Tensor whh = need(source, prefix, t, "weight_hh" + suffix, gates * hidden, state);
                Tensor bih = bias ? need(source, prefix, t, "bias_ih" + suffix, gates * hidden) : null;
                Tensor bhh = bias ? need(source, prefix, t, "bias_hh" + suffix, gates * hidden) : null;
                Tensor whr = projection > 0 ? need(source, prefix, t, "weight_hr" + suffix, projection, hidden) : null;
                used += (bias ? 4 : 2) + (projection > 0 ? 1 : 0);
                dirs[k][d] = new Direction(wih, whh, bih, bhh, whr);
            }
        }
        if (used != t.size()) {
            List<String> extra = new ArrayList<>();
            for (String name : t.keySet()) {
                Matcher m = RECURRENT.matcher(name);
                m.matches();
                int k = Integer.parseInt(m.group(3));
                boolean expected = k < layers && (m.group(4) == null || bidirectional)
                        && (bias || m.group(2).startsWith("weight"))
                        && (projection > 0 || !m.group(2).equals("weight_hr"));
                if (!expected) {
                    extra.add(prefix + name);
                }
            }
            throw new TorchImportException(source + ": " + String.join(", ", extra) + " do not fit the module '" + prefix
                    + "' (" + layers + " layer(s), " + (bidirectional ? "bidirectional" : "one direction")
                    + (bias ? ", with biases" : ", no biases")
                    + (projection > 0 ? ", proj_size " + projection : "") + ")");
        }
        return new RecurrentModule(prefix, gates, hidden, projection, inputSize, bidirectional, bias, dirs);
    }

    private static Tensor need(String source, String prefix, Map<String, Tensor> t, String name, int... shape)
            throws TorchImportException {
        Tensor x = t.get(name);
        if (x == null) {
            throw new TorchImportException(source + ": '" + prefix + name + "' is missing");
        }
        if (!Arrays.equals(x.shape(), shape)) {
            throw new TorchImportException(source + ": '" + prefix + name + "' has shape " + Arrays.toString(x.shape())
                    + "; expected " + Arrays.toString(shape));
        }
        return x;
    }
}

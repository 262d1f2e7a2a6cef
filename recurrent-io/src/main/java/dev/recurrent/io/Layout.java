package dev.recurrent.io;

import dev.recurrent.init.SeededRandom;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Where a model's weights and random generators go in a model file: a weight's path is the names
 * of the layers that hold it, outermost first, then the weight's Keras name, e.g.
 * {@code lstm/kernel}, {@code bidirectional/forward_lstm/recurrent_kernel},
 * {@code time_distributed/dense/bias}; its entry is that path plus {@code .npy}.
 *
 * <p>{@link #expected} computes the weights' shapes from unbuilt layers, without allocating them,
 * so that a file's architecture can be checked against the bytes it holds before the model is built.
 */
final class Layout {
    /** Layer names become path segments: no separators, no dot-names, nothing a shell or zip tool would mangle. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}");

    private Layout() {
    }

    /** A weight's path (without {@code .npy}) and shape. */
    record Weight(String path, int[] shape) {
        long count() {
            return Npy.count(shape);
        }
    }

    /** Refuses a layer name that cannot be a path segment of a zip entry. */
    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals("optimizer")) {
            throw new IllegalArgumentException("layer name '" + name + "' cannot name a weight entry: expected 1 to 128"
                    + " characters of A-Z, a-z, 0-9, '_', '.', '-', not starting with '.' or '-', and not 'optimizer'");
        }
    }

    // ---------------------------------------------------------------- a built model

    /** Every weight of a built model by path, in {@link Sequential#parameters()} order. */
    static Map<String, Parameter> weights(Sequential model) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Layer l : model.layers()) {
            collect(l, "", out);
        }
        List<Parameter> ordered = new ArrayList<>(out.values());
        List<Parameter> params = model.parameters();
        boolean same = ordered.size() == params.size();
        for (int i = 0; same && i < params.size(); i++) {
            same = ordered.get(i) == params.get(i);
        }
        if (!same) {
            throw new IllegalStateException(model.name() + ": the weights found layer by layer " + out.keySet()
                    + " are not the model's parameters " + params + "; a layer type unknown to the model file format?");
        }
        return out;
    }

    static void collect(Layer l, String prefix, Map<String, Parameter> out) {
        checkName(l.name());
        String p = prefix + l.name() + "/";
        if (l instanceof Bidirectional) {
            collect(((Bidirectional) l).forwardLayer(), p, out);
            collect(((Bidirectional) l).backwardLayer(), p, out);
        } else if (l instanceof TimeDistributed) {
            collect(((TimeDistributed) l).inner(), p, out);
        } else {
            for (Parameter param : l.parameters()) {
                if (out.put(p + param.name(), param) != null) {
                    throw new IllegalStateException("two weights at '" + p + param.name() + "'; layer names must be unique");
                }
            }
        }
    }

    /** Every random generator of a built model that training draws from: the shuffles' under "", then by layer path. */
    static Map<String, SeededRandom> randoms(Sequential model) {
        Map<String, SeededRandom> out = new LinkedHashMap<>();
        out.put("", model.random());
        for (Layer l : model.layers()) {
            collectRandoms(l, "", out);
        }
        return out;
    }

    private static void collectRandoms(Layer l, String prefix, Map<String, SeededRandom> out) {
        visitRandoms(l, prefix, (path, holder) -> out.put(path,
                holder instanceof Recurrent ? ((Recurrent) holder).random()
                        : holder instanceof ProjectedLSTM ? ((ProjectedLSTM) holder).random() : ((Dropout) holder).random()));
    }

    /** The keys {@link #randoms} gives for these (unbuilt) layers. */
    static List<String> randomKeys(List<Layer> layers) {
        List<String> out = new ArrayList<>();
        out.add("");
        for (Layer l : layers) {
            visitRandoms(l, "", (path, holder) -> out.add(path));
        }
        return out;
    }

    /** Calls {@code visit} with the path of each layer that holds a random generator (recurrent, dropout), in order. */
    private static void visitRandoms(Layer l, String prefix, BiConsumer<String, Layer> visit) {
        String p = prefix + l.name();
        if (l instanceof Bidirectional) {
            visitRandoms(((Bidirectional) l).forwardLayer(), p + "/", visit);
            visitRandoms(((Bidirectional) l).backwardLayer(), p + "/", visit);
        } else if (l instanceof TimeDistributed) {
            visitRandoms(((TimeDistributed) l).inner(), p + "/", visit);
        } else if (l instanceof Recurrent || l instanceof ProjectedLSTM || l instanceof Dropout) {
            visit.accept(p, l);
        }
    }

    /**
     * The entry path (without {@code .npy}) and shape of the optimizer slot {@code key} (as in
     * {@code Optimizer.state()}, {@code <slot>/<index>}): the shape of the parameter it belongs to.
     */
    static Weight optimizerSlot(String key, List<Parameter> params) {
        int index = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
        return new Weight("optimizer/" + key, params.get(index).shape());
    }

    // ---------------------------------------------------------------- unbuilt layers

    /**
     * The weights that {@code layers}, built in sequence for samples of {@code input} shape, will
     * have, in parameter order; nothing is allocated.
     *
     * @throws IllegalArgumentException if a layer cannot take its input, naming both
     */
    static List<Weight> expected(List<Layer> layers, int[] input) {
        List<Weight> out = new ArrayList<>();
        int[] shape = input.clone();
        for (Layer l : layers) {
            shape = expect(l, shape, "", out);
        }
        return out;
    }

    /** Adds {@code l}'s weights for {@code in} to {@code out}; returns its output shape. */
    private static int[] expect(Layer l, int[] in, String prefix, List<Weight> out) {
        checkName(l.name());
        String p = prefix + l.name() + "/";
        switch (l.type()) {
            case "LSTM":
            case "GRU":
            case "SimpleRNN":
            case "PeepholeLSTM":
            case "CifgLSTM":
            case "MGU":
            case "LayerNormLSTM":
            case "LayerNormGRU": {
                Recurrent r = (Recurrent) l;
                requireRank(l, in, 2, "(None, timesteps, features)");
                int h = r.units();
                String type = l.type();
                int gates = type.equals("LSTM") || type.equals("PeepholeLSTM") || type.equals("LayerNormLSTM") ? 4
                        : type.equals("GRU") || type.equals("CifgLSTM") || type.equals("LayerNormGRU") ? 3
                        : type.equals("MGU") ? 2 : 1;
                int gh = Math.multiplyExact(gates, h);
                boolean twoBiases = l instanceof GRU && ((GRU) l).resetAfter();
                out.add(new Weight(p + "kernel", new int[] {in[1], gh}));
                out.add(new Weight(p + "recurrent_kernel", new int[] {h, gh}));
                if (r.config().useBias()) {
                    out.add(new Weight(p + "bias", twoBiases ? new int[] {2, gh} : new int[] {gh}));
                }
                if (type.equals("PeepholeLSTM")) {
                    out.add(new Weight(p + "peephole", new int[] {3, h}));
                }
                if (type.equals("LayerNormLSTM") || type.equals("LayerNormGRU")) {
                    for (String norm : new String[] {"kernel_norm", "recurrent_norm"}) {
                        out.add(new Weight(p + norm + "_gamma", new int[] {gh}));
                        out.add(new Weight(p + norm + "_beta", new int[] {gh}));
                    }
                }
                if (type.equals("LayerNormLSTM")) {
                    out.add(new Weight(p + "state_norm_gamma", new int[] {h}));
                    out.add(new Weight(p + "state_norm_beta", new int[] {h}));
                }
                return r.config().returnSequences() ? new int[] {in[0], h} : new int[] {h};
            }
            case "ProjectedLSTM": {
                ProjectedLSTM r = (ProjectedLSTM) l;
                requireRank(l, in, 2, "(None, timesteps, features)");
                int h = r.units(), proj = r.projectionSize(), gh = Math.multiplyExact(4, h);
                out.add(new Weight(p + "kernel", new int[] {in[1], gh}));
                out.add(new Weight(p + "recurrent_kernel", new int[] {proj, gh}));
                if (r.config().useBias()) {
                    out.add(new Weight(p + "bias", new int[] {gh}));
                }
                out.add(new Weight(p + "projection", new int[] {h, proj}));
                return r.config().returnSequences() ? new int[] {in[0], proj} : new int[] {proj};
            }
            case "Bidirectional": {
                Bidirectional b = (Bidirectional) l;
                int[] f = expect(b.forwardLayer(), in, p, out);
                expect(b.backwardLayer(), in, p, out);
                boolean concat = "concat".equals(b.getConfig().get("merge_mode"));
                f[f.length - 1] = concat ? Math.multiplyExact(2, f[f.length - 1]) : f[f.length - 1];
                return f;
            }
            case "TimeDistributed": {
                if (in.length < 2) {
                    throw new IllegalArgumentException(l.name() + ": expected a sequence input (None, timesteps, ...), got "
                            + describe(in));
                }
                int[] inner = expect(((TimeDistributed) l).inner(), Arrays.copyOfRange(in, 1, in.length), p, out);
                int[] o = new int[inner.length + 1];
                o[0] = in[0];
                System.arraycopy(inner, 0, o, 1, inner.length);
                return o;
            }
            case "Dense": {
                int units = ((Dense) l).units();
                out.add(new Weight(p + "kernel", new int[] {in[in.length - 1], units}));
                out.add(new Weight(p + "bias", new int[] {units}));
                int[] o = in.clone();
                o[o.length - 1] = units;
                return o;
            }
            case "Embedding": {
                requireRank(l, in, 1, "(None, timesteps) of token ids");
                Map<String, Object> c = l.getConfig();
                int outputDim = (Integer) c.get("output_dim");
                out.add(new Weight(p + "embeddings", new int[] {(Integer) c.get("input_dim"), outputDim}));
                return new int[] {in[0], outputDim};
            }
            case "Dropout":
                return in;
            case "Masking":
                requireRank(l, in, 2, "(None, timesteps, features)");
                return in;
            case "RepeatVector":
                requireRank(l, in, 1, "(None, features)");
                return new int[] {(Integer) l.getConfig().get("n"), in[0]};
            case "Flatten": {
                long n = 1;
                for (int d : in) {
                    n = Math.multiplyExact(n, d);
                }
                return new int[] {Math.toIntExact(n)};
            }
            default:
                throw new IllegalArgumentException(l.name() + ": the model file format has no weight layout for layer"
                        + " class " + l.type());
        }
    }

    private static void requireRank(Layer l, int[] in, int rank, String expected) {
        if (in.length != rank) {
            throw new IllegalArgumentException(l.name() + ": expected input of shape " + expected + ", got "
                    + describe(in));
        }
    }

    private static String describe(int[] shape) {
        StringBuilder s = new StringBuilder("(None");
        for (int d : shape) {
            s.append(", ").append(d);
        }
        return s.append(')').toString();
    }
}

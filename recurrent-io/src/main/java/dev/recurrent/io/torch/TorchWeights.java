package dev.recurrent.io.torch;

import dev.recurrent.io.torch.Safetensors.Tensor;
import dev.recurrent.io.torch.ModelModules.Stack;
import dev.recurrent.io.torch.TorchModules.Direction;
import dev.recurrent.io.torch.TorchModules.PlainModule;
import dev.recurrent.io.torch.TorchModules.RecurrentModule;
import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RecurrentConfig;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.layers.TorchLayout;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * PyTorch state dicts of {@code nn.LSTM}, {@code nn.GRU}, {@code nn.RNN} (and {@code nn.Linear},
 * {@code nn.Embedding}) in safetensors files, both ways. A state dict holds weights, not the
 * model, so the model comes from the caller:
 * <pre>{@code
 * TorchWeights.load(Path.of("lstm.safetensors"), model);                 // replaces model's weights
 * Sequential m = TorchWeights.buildSequential(Path.of("lstm.safetensors"), TorchSpec.of(20));
 * TorchWeights.save(model, Path.of("out.safetensors"));
 * }</pre>
 * Names: {@code weight_ih_l{k}[_reverse]} [G·H, I], {@code weight_hh_l{k}[_reverse]} [G·H, H],
 * {@code bias_ih_l{k}[_reverse]}, {@code bias_hh_l{k}[_reverse]}, and with {@code proj_size} P
 * {@code weight_hr_l{k}} [P, H] (then {@code weight_hh} is [4H, P]; a {@link ProjectedLSTM}), under
 * the module's prefix ({@code lstm.weight_ih_l0}); layer k of a module is the model's k-th recurrent
 * layer of the run ({@link ModelModules}), {@code _reverse} the backward half of a Bidirectional
 * (concat). The gate orders and the biases are mapped by {@link TorchCells}. See docs/interop-torch.md.
 */
public final class TorchWeights {
    private TorchWeights() {
    }

    /**
     * Replaces the weights of {@code model}'s recurrent, Dense and Embedding layers with those of the
     * state dict in {@code file}, after checking that every module fits its layers and every shape;
     * a misfit is a {@link TorchImportException} naming the module, the layer and what differs. The
     * file's modules pair with the model's layers by name ({@code lstm.*} with layer {@code lstm}),
     * or, when one of each is left, with each other. The model must have its input shape (it is built
     * here if it is not).
     */
    public static void load(Path file, Sequential model) throws IOException {
        apply(file.toString(), Safetensors.read(file).tensors(), model);
    }

    /** {@link #load(Path, Sequential)} from tensors already read; {@code source} names them in messages. */
    public static void apply(String source, Map<String, Tensor> tensors, Sequential model) throws IOException {
        ModelModules layout = ModelModules.of(model);
        TorchModules modules = TorchModules.of(source, tensors);
        List<Runnable> sets = new ArrayList<>();
        for (Map.Entry<Stack, RecurrentModule> p : pair(source, layout.stacks, Stack::name, modules.recurrent,
                RecurrentModule::prefix, "recurrent").entrySet()) {
            sets.addAll(recurrent(source, p.getKey(), p.getValue()));
        }
        for (Map.Entry<Layer, PlainModule> p : pair(source, layout.plain, Layer::name, modules.plain,
                PlainModule::prefix, "Dense/Embedding").entrySet()) {
            sets.add(plain(source, p.getKey(), p.getValue()));
        }
        try {
            sets.forEach(Runnable::run);
        } catch (IllegalArgumentException e) {
            throw new TorchImportException(source + ": " + e.getMessage(), e);
        }
    }

    /** Pairs the model's groups with the file's modules: by name first, then the one left on each side. */
    private static <T, M> Map<T, M> pair(String source, List<T> groups, Function<T, String> name, List<M> modules,
                                         Function<M, String> prefix, String what) throws TorchImportException {
        Map<T, M> pairs = new LinkedHashMap<>();
        List<T> leftGroups = new ArrayList<>();
        List<M> leftModules = new ArrayList<>(modules);
        for (T g : groups) {
            M match = leftModules.stream().filter(m -> prefix.apply(m).equals(name.apply(g) + ".")).findFirst().orElse(null);
            if (match == null) {
                leftGroups.add(g);
            } else {
                pairs.put(g, match);
                leftModules.remove(match);
            }
        }
        if (leftGroups.size() == 1 && leftModules.size() == 1) {
            pairs.put(leftGroups.get(0), leftModules.get(0));
        } else if (!leftGroups.isEmpty() || !leftModules.isEmpty()) {
            List<String> g = leftGroups.stream().map(name).toList();
            List<String> m = leftModules.stream().map(x -> "'" + prefix.apply(x) + "*'").toList();
            throw new TorchImportException(source + ": the file's " + what + " modules " + (m.isEmpty() ? "(none)" : m)
                    + " do not pair with the model's " + what + " layers " + (g.isEmpty() ? "(none)" : g)
                    + "; name each module after its layer (lstm.weight_ih_l0 for layer 'lstm')");
        }
        return pairs;
    }

    private static List<Runnable> recurrent(String source, Stack s, RecurrentModule m) throws TorchImportException {
        int inputs = s.inputFeatures(0);
        List<String> differ = new ArrayList<>();
        if (m.gates() != s.gates()) {
            differ.add("the cell");
        }
        if (m.hidden() != s.units()) {
            differ.add("the hidden size");
        }
        if (m.projection() != s.projection()) {
            differ.add("the projection (proj_size)");
        }
        if (m.layers().length != s.layers().size()) {
            differ.add("the number of layers");
        }
        if (m.bidirectional() != s.bidirectional()) {
            differ.add("the directions");
        }
        if (m.bias() != s.bias()) {
            differ.add("the biases");
        }
        if (m.inputSize() != inputs) {
            differ.add("the input size");
        }
        if (!differ.isEmpty()) {
            throw new TorchImportException(source + ": module " + m.describe() + " does not fit the model's layers "
                    + s.describe() + " on " + inputs + " input features: " + String.join(", ", differ) + " differ");
        }
        List<Runnable> sets = new ArrayList<>();
        for (int k = 0; k < m.layers().length; k++) {
            for (int d = 0; d < m.layers()[k].length; d++) {
                Layer target = s.direction(k, d);
                Direction dir = m.layers()[k][d];
                TorchCells.Keras w = TorchCells.toKeras(new TorchCells.Torch(dir.weightIh().values(),
                        dir.weightHh().values(), values(dir.biasIh()), values(dir.biasHh()), values(dir.weightHr())),
                        m.gates(), m.hidden(), s.inputFeatures(k), m.projection());
                sets.add(() -> {
                    if (target instanceof ProjectedLSTM p) {
                        p.setWeights(w.kernel(), w.recurrentKernel(), w.bias(), w.projection());
                    } else {
                        ((Recurrent) target).setWeights(w.kernel(), w.recurrentKernel(), w.bias());
                    }
                });
            }
        }
        return sets;
    }

    private static float[] values(Tensor t) {
        return t == null ? null : t.values();
    }

    private static Runnable plain(String source, Layer layer, PlainModule m) throws TorchImportException {
        int[] w = m.weight().shape();
        if (layer instanceof Embedding e) {
            if (w[0] != e.inputDim() || w[1] != e.outputDim() || m.bias() != null) {
                throw new TorchImportException(source + ": '" + m.prefix() + "weight' " + Arrays.toString(w)
                        + (m.bias() != null ? " with a bias" : "") + " does not fit layer '" + layer.name()
                        + "' (Embedding): expected nn.Embedding weight [" + e.inputDim() + ", " + e.outputDim() + "]");
            }
            float[] table = m.weight().values();
            return () -> copy(layer, layer.parameters().get(0), table);
        }
        Dense dense = (Dense) (layer instanceof TimeDistributed t ? t.inner() : layer);
        Parameter kernel = dense.parameters().get(0), bias = dense.parameters().get(1);
        int in = kernel.shape()[0], out = kernel.shape()[1];
        if (w[0] != out || w[1] != in) {
            throw new TorchImportException(source + ": '" + m.prefix() + "weight' " + Arrays.toString(w)
                    + " does not fit layer '" + layer.name() + "' (" + layer.type() + "): expected nn.Linear weight ["
                    + out + ", " + in + "]");
        }
        float[] k = TorchLayout.transpose(m.weight().values(), out, in);
        float[] b = m.bias() == null ? new float[out] : m.bias().values();
        return () -> {
            copy(layer, kernel, k);
            copy(layer, bias, b);
        };
    }

    private static void copy(Layer layer, Parameter p, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(layer.name() + ": " + p.name() + " holds a non-finite value ("
                        + values[i] + ") at flat index " + i);
            }
        }
        System.arraycopy(values, 0, p.value(), 0, values.length);
    }

    /**
     * A model for the state dict in {@code file}: its one recurrent module as that many recurrent
     * layers (each Bidirectional when the module is, a ProjectedLSTM when it has {@code proj_size}),
     * every one but the last returning sequences,
     * then its {@code nn.Linear}, if it has one, as a linear Dense. The fields of {@code spec} that
     * are set must agree with the file.
     */
    public static Sequential buildSequential(Path file, TorchSpec spec) throws IOException {
        Map<String, Tensor> tensors = Safetensors.read(file).tensors();
        String source = file.toString();
        TorchModules modules = TorchModules.of(source, tensors);
        if (modules.recurrent.size() != 1 || modules.plain.size() > 1) {
            throw new TorchImportException(source + ": holds " + modules.recurrent.size() + " recurrent and "
                    + modules.plain.size() + " other modules; building a model takes one nn.LSTM/nn.GRU/nn.RNN and at"
                    + " most one nn.Linear after it (give a model whose weights to replace instead)");
        }
        RecurrentModule m = modules.recurrent.get(0);
        String cell = m.gates() == 4 ? "lstm" : m.gates() == 3 ? "gru" : "rnn";
        check(source, m, "cell", spec.cell(), cell);
        check(source, m, "hidden size", spec.hiddenSize(), m.hidden());
        check(source, m, "number of layers", spec.numLayers(), m.layers().length);
        check(source, m, "bidirectional", spec.bidirectional(), m.bidirectional());
        check(source, m, "bias", spec.bias(), m.bias());
        check(source, m, "proj_size", spec.projSize(), m.projection());
        int width = (m.projection() > 0 ? m.projection() : m.hidden()) * (m.bidirectional() ? 2 : 1);
        if (!modules.plain.isEmpty() && modules.plain.get(0).weight().shape()[1] != width) {
            PlainModule p = modules.plain.get(0);
            throw new TorchImportException(source + ": '" + p.prefix() + "weight' " + Arrays.toString(p.weight().shape())
                    + " is not an nn.Linear on the recurrent output (in_features " + width + ")");
        }
        Sequential model = new Sequential().input(spec.timesteps(), m.inputSize());
        for (int k = 0; k < m.layers().length; k++) {
            boolean sequences = k < m.layers().length - 1 || spec.returnSequences();
            if (m.projection() > 0) {
                model.add(ProjectedLSTM.builder(m.hidden(), m.projection()).useBias(m.bias())
                        .returnSequences(sequences).build());
                continue;
            }
            RecurrentConfig.Builder<? extends Recurrent> b = switch (cell) {
                case "lstm" -> LSTM.builder(m.hidden());
                case "gru" -> GRU.builder(m.hidden()).resetAfter(true);
                default -> SimpleRNN.builder(m.hidden()).activation(Activation.byName(spec.nonlinearity()));
            };
            Recurrent r = b.useBias(m.bias()).returnSequences(sequences).build();
            model.add(m.bidirectional() ? new Bidirectional(r) : r);
        }
        if (!modules.plain.isEmpty()) {
            model.add(Dense.of(modules.plain.get(0).weight().shape()[0]));
        }
        apply(source, tensors, model);
        return model;
    }

    private static void check(String source, RecurrentModule m, String what, Object given, Object inFile)
            throws TorchImportException {
        if (given != null && !given.equals(inFile)) {
            throw new TorchImportException(source + ": " + what + " " + given + " was asked for, but the file holds "
                    + m.describe());
        }
    }

    /**
     * Writes the weights of {@code model}'s recurrent, Dense and Embedding layers as a PyTorch state
     * dict. A model that is one recurrent run alone is written bare ({@code weight_ih_l0}, ...: an
     * {@code nn.LSTM}'s own {@code load_state_dict} takes it); otherwise each module is prefixed
     * with its first layer's name ({@code lstm.weight_ih_l0}, {@code dense.weight}). The LSTM's and
     * RNN's single bias goes to {@code bias_ih}, and {@code bias_hh} is zeros; a ProjectedLSTM's
     * projection is {@code weight_hr}. A layer PyTorch's
     * modules do not compute is refused ({@link TorchImportException}).
     */
    public static void save(Sequential model, Path file) throws IOException {
        Safetensors.write(file, tensors(model), Map.of("format", "pt"));
    }

    /** The state dict {@link #save} writes. */
    public static List<Tensor> tensors(Sequential model) throws TorchImportException {
        ModelModules layout = ModelModules.of(model);
        boolean bare = layout.stacks.size() == 1 && layout.plain.isEmpty();
        List<Tensor> out = new ArrayList<>();
        for (Stack s : layout.stacks) {
            String prefix = bare ? "" : s.name() + ".";
            int g = s.gates(), h = s.units(), proj = s.projection(), state = proj > 0 ? proj : h;
            for (int k = 0; k < s.layers().size(); k++) {
                for (int d = 0; d < (s.bidirectional() ? 2 : 1); d++) {
                    List<Parameter> p = s.direction(k, d).parameters();
                    int in = s.inputFeatures(k);
                    TorchCells.Torch t = TorchCells.toTorch(new TorchCells.Keras(p.get(0).value(), p.get(1).value(),
                            s.bias() ? p.get(2).value() : null, proj > 0 ? p.get(p.size() - 1).value() : null),
                            g, h, in, proj);
                    String suffix = "_l" + k + (d == 1 ? "_reverse" : "");
                    out.add(new Tensor(prefix + "weight_ih" + suffix, new int[] {g * h, in}, t.weightIh()));
                    out.add(new Tensor(prefix + "weight_hh" + suffix, new int[] {g * h, state}, t.weightHh()));
                    if (s.bias()) {
                        out.add(new Tensor(prefix + "bias_ih" + suffix, new int[] {g * h}, t.biasIh()));
                        out.add(new Tensor(prefix + "bias_hh" + suffix, new int[] {g * h}, t.biasHh()));
                    }
                    if (proj > 0) {
                        out.add(new Tensor(prefix + "weight_hr" + suffix, new int[] {proj, h}, t.weightHr()));
                    }
                }
            }
        }
        for (Layer l : layout.plain) {
            String prefix = l.name() + ".";
            if (l instanceof Embedding e) {
                out.add(new Tensor(prefix + "weight", new int[] {e.inputDim(), e.outputDim()},
                        l.parameters().get(0).value().clone()));
                continue;
            }
            Parameter kernel = l.parameters().get(0);
            int in = kernel.shape()[0], units = kernel.shape()[1];
            out.add(new Tensor(prefix + "weight", new int[] {units, in}, TorchLayout.transpose(kernel.value(), in, units)));
            out.add(new Tensor(prefix + "bias", new int[] {units}, l.parameters().get(1).value().clone()));
        }
        return out;
    }
}

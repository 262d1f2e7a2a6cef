package dev.recurrent.io.torch;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RecurrentConfig;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's layers as PyTorch modules (the model's side; {@link TorchModules} is the file's): each
 * run of recurrent layers that one {@code nn.LSTM}, {@code nn.GRU} or {@code nn.RNN} computes (same
 * cell, units, projection, bias and directions, every layer but the last returning sequences) is a
 * {@link Stack}; a Dense (or a TimeDistributed Dense) is an {@code nn.Linear} and an Embedding an
 * {@code nn.Embedding}; layers without weights (Dropout, Flatten, ...) have no module.
 * A layer PyTorch's modules do not compute is refused with the reason.
 */
final class ModelModules {
    /**
     * Recurrent layers computed by one PyTorch module; each a {@link Recurrent}, a concat
     * {@link Bidirectional} or a {@link ProjectedLSTM} ({@code projection} P; 0 for the others).
     */
    record Stack(String name, List<Layer> layers, int gates, int units, int projection, boolean bidirectional,
                 boolean bias) {
        /** Layer k's direction d (1: backward): a {@link Recurrent} or a {@link ProjectedLSTM}. */
        Layer direction(int k, int d) {
            return layers.get(k) instanceof Bidirectional b ? d == 0 ? b.forwardLayer() : b.backwardLayer()
                    : layers.get(k);
        }

        int inputFeatures(int k) {
            return direction(k, 0) instanceof ProjectedLSTM p ? p.inputFeatures()
                    : ((Recurrent) direction(k, 0)).inputFeatures();
        }

        RecurrentConfig config(int k) {
            return configOf(direction(k, 0));
        }

        String describe() {
            String kind = projection > 0 ? "ProjectedLSTM" : gates == 4 ? "LSTM" : gates == 3 ? "GRU" : "SimpleRNN";
            return "'" + name + "' (" + layers.size() + " " + kind + " layer(s) of " + units + " units"
                    + (projection > 0 ? " projected to " + projection : "")
                    + (bidirectional ? ", bidirectional" : "") + (bias ? "" : ", no bias") + ")";
        }
    }

    final List<Stack> stacks = new ArrayList<>();
    /** Dense, TimeDistributed(Dense) and Embedding layers, in model order. */
    final List<Layer> plain = new ArrayList<>();

    private ModelModules() {
    }

    static ModelModules of(Sequential model) throws TorchImportException {
        model.build();
        ModelModules modules = new ModelModules();
        Stack open = null;
        for (Layer l : model.layers()) {
            if (l instanceof Recurrent || l instanceof Bidirectional || l instanceof ProjectedLSTM) {
                Stack s = single(l);
                RecurrentConfig prev = open == null ? null : open.config(open.layers().size() - 1);
                if (open != null && prev.returnSequences() && s.gates() == open.gates()
                        && s.units() == open.units() && s.projection() == open.projection()
                        && s.bidirectional() == open.bidirectional()
                        && s.bias() == open.bias() && prev.activation() == s.config(0).activation()) {
                    open.layers().add(l);
                } else {
                    open = s;
                    modules.stacks.add(open);
                }
                continue;
            }
            open = null;
            if (l instanceof Dense || l instanceof Embedding || l instanceof TimeDistributed t && t.inner() instanceof Dense) {
                modules.plain.add(l);
            } else if (!l.parameters().isEmpty()) {
                throw refuse(l, "PyTorch state dicts here hold nn.LSTM, nn.GRU, nn.RNN, nn.Linear and nn.Embedding"
                        + " weights only");
            }
        }
        return modules;
    }

    private static RecurrentConfig configOf(Layer cell) {
        return cell instanceof ProjectedLSTM p ? p.config() : ((Recurrent) cell).config();
    }

    private static Stack single(Layer l) throws TorchImportException {
        Layer cell = l;
        boolean bidirectional = l instanceof Bidirectional;
        if (l instanceof Bidirectional b) {
            Object merge = b.getConfig().get("merge_mode");
            if (!"concat".equals(merge)) {
                throw refuse(l, "merge_mode " + merge + " has no PyTorch equivalent (bidirectional=True concatenates);"
                        + " use merge_mode concat");
            }
            cell = b.forwardLayer();
        }
        RecurrentConfig c = configOf(cell);
        if (c.goBackwards()) {
            throw refuse(l, "go_backwards has no PyTorch equivalent outside a bidirectional module");
        }
        int gates;
        Activation act = c.activation();
        if (cell instanceof LSTM || cell instanceof GRU || cell instanceof ProjectedLSTM) {
            gates = cell instanceof GRU ? 3 : 4;
            if (act != Activation.TANH || c.recurrentActivation() != Activation.SIGMOID) {
                throw refuse(l, "PyTorch's cells use tanh and sigmoid, not " + act.kerasName() + " and "
                        + c.recurrentActivation().kerasName());
            }
            if (cell instanceof GRU g && !g.resetAfter()) {
                throw refuse(l, "PyTorch's GRU is Keras' reset_after=True; this GRU has reset_after=False");
            }
        } else if (cell instanceof SimpleRNN) {
            gates = 1;
            if (act != Activation.TANH && act != Activation.RELU) {
                throw refuse(l, "nn.RNN takes nonlinearity tanh or relu, not " + act.kerasName());
            }
        } else {
            throw refuse(l, "PyTorch has no " + cell.type() + " module (nn.LSTM, nn.GRU and nn.RNN map)");
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(l);
        int projection = cell instanceof ProjectedLSTM p ? p.projectionSize() : 0;
        return new Stack(l.name(), layers, gates, c.units(), projection, bidirectional, c.useBias());
    }

    static TorchImportException refuse(Layer l, String why) {
        return new TorchImportException("layer '" + l.name() + "' (" + l.type() + "): " + why);
    }
}

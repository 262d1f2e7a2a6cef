package dev.recurrent.io.torch;

import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's layers as PyTorch modules: each run of recurrent layers that one {@code nn.LSTM},
 * {@code nn.GRU} or {@code nn.RNN} computes (same cell, units, bias and directions, every layer
 * but the last returning sequences) is a {@link Stack}; a Dense (or a TimeDistributed Dense) is an
 * {@code nn.Linear} and an Embedding an {@code nn.Embedding}; layers without weights (Dropout, Flatten, ...) have no module.
 * A layer PyTorch's modules do not compute is refused with the reason.
 */
final class TorchLayout {
    /** Recurrent layers computed by one PyTorch module; each a {@link Recurrent} or a concat {@link Bidirectional}. */
    record Stack(String name, List<Layer> layers, int gates, int units, boolean bidirectional, boolean bias) {
        /** Layer k's direction d (1: backward) as a Recurrent. */
        Recurrent direction(int k, int d) {
            return layers.get(k) instanceof Bidirectional b ? d == 0 ? b.forwardLayer() : b.backwardLayer()
                    : (Recurrent) layers.get(k);
        }

        String describe() {
            String kind = gates == 4 ? "LSTM" : gates == 3 ? "GRU" : "SimpleRNN";
            return "'" + name + "' (" + layers.size() + " " + kind + " layer(s) of " + units + " units"
                    + (bidirectional ? ", bidirectional" : "") + (bias ? "" : ", no bias") + ")";
        }
    }

    final List<Stack> stacks = new ArrayList<>();
    /** Dense, TimeDistributed(Dense) and Embedding layers, in model order. */
    final List<Layer> plain = new ArrayList<>();

    private TorchLayout() {
    }

    static TorchLayout of(Sequential model) throws TorchImportException {
        model.build();
        TorchLayout layout = new TorchLayout();
        Stack open = null;
        for (Layer l : model.layers()) {
            if (l instanceof Recurrent || l instanceof Bidirectional) {
                Stack s = single(l);
                Recurrent prev = open == null ? null : open.direction(open.layers().size() - 1, 0);
                if (open != null && prev.config().returnSequences() && s.gates() == open.gates()
                        && s.units() == open.units() && s.bidirectional() == open.bidirectional()
                        && s.bias() == open.bias() && prev.config().activation() == s.direction(0, 0).config().activation()) {
                    open.layers().add(l);
                } else {
                    open = s;
                    layout.stacks.add(open);
                }
                continue;
            }
            open = null;
            if (l instanceof Dense || l instanceof Embedding || l instanceof TimeDistributed t && t.inner() instanceof Dense) {
                layout.plain.add(l);
            } else if (!l.parameters().isEmpty()) {
                throw refuse(l, "PyTorch state dicts here hold nn.LSTM, nn.GRU, nn.RNN, nn.Linear and nn.Embedding"
                        + " weights only");
            }
        }
        return layout;
    }

    private static Stack single(Layer l) throws TorchImportException {
        Recurrent r;
        boolean bidirectional = l instanceof Bidirectional;
        if (l instanceof Bidirectional b) {
            Object merge = b.getConfig().get("merge_mode");
            if (!"concat".equals(merge)) {
                throw refuse(l, "merge_mode " + merge + " has no PyTorch equivalent (bidirectional=True concatenates);"
                        + " use merge_mode concat");
            }
            r = b.forwardLayer();
        } else {
            r = (Recurrent) l;
        }
        if (r.config().goBackwards()) {
            throw refuse(l, "go_backwards has no PyTorch equivalent outside a bidirectional module");
        }
        int gates;
        Activation act = r.config().activation();
        if (r instanceof LSTM || r instanceof GRU) {
            gates = r instanceof LSTM ? 4 : 3;
            if (act != Activation.TANH || r.config().recurrentActivation() != Activation.SIGMOID) {
                throw refuse(l, "PyTorch's cells use tanh and sigmoid, not " + act.kerasName() + " and "
                        + r.config().recurrentActivation().kerasName());
            }
            if (r instanceof GRU g && !g.resetAfter()) {
                throw refuse(l, "PyTorch's GRU is Keras' reset_after=True; this GRU has reset_after=False");
            }
        } else if (r instanceof SimpleRNN) {
            gates = 1;
            if (act != Activation.TANH && act != Activation.RELU) {
                throw refuse(l, "nn.RNN takes nonlinearity tanh or relu, not " + act.kerasName());
            }
        } else {
            throw refuse(l, "PyTorch has no " + r.type() + " module (nn.LSTM, nn.GRU and nn.RNN map)");
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(l);
        return new Stack(l.name(), layers, gates, r.units(), bidirectional, r.config().useBias());
    }

    static TorchImportException refuse(Layer l, String why) {
        return new TorchImportException("layer '" + l.name() + "' (" + l.type() + "): " + why);
    }
}

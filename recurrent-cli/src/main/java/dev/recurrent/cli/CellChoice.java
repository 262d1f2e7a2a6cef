package dev.recurrent.cli;

import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerNormGRU;
import dev.recurrent.layers.LayerNormLSTM;
import dev.recurrent.layers.MGU;
import dev.recurrent.layers.PeepholeLSTM;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.layers.RecurrentConfig;
import dev.recurrent.layers.SimpleRNN;

/** The recurrent layers {@code --cell} offers (the trainings and {@code bench}), by their Keras names. */
enum CellChoice {
    lstm("LSTM"), gru("GRU"), simple_rnn("SimpleRNN"), peephole("PeepholeLSTM"), cifg("CifgLSTM"),
    gru_reset_before("GRU"), mgu("MGU"), layer_norm_lstm("LayerNormLSTM"), layer_norm_gru("LayerNormGRU"),
    projected_lstm("ProjectedLSTM");

    final String type;

    CellChoice(String type) {
        this.type = type;
    }

    /** The layer of {@code units} units with Keras' defaults; see {@link #builder}. */
    Layer layer(int units) {
        return builder(units).build();
    }

    /** A builder of the layer of {@code units} units ({@code projected_lstm}: projected to {@link #outputs}). */
    RecurrentConfig.Builder<? extends Layer> builder(int units) {
        switch (this) {
            case gru: return GRU.builder(units);
            case simple_rnn: return SimpleRNN.builder(units);
            case peephole: return PeepholeLSTM.builder(units);
            case cifg: return CifgLSTM.builder(units);
            case gru_reset_before: return GRU.builder(units).resetAfter(false);
            case mgu: return MGU.builder(units);
            case layer_norm_lstm: return LayerNormLSTM.builder(units);
            case layer_norm_gru: return LayerNormGRU.builder(units);
            case projected_lstm: return ProjectedLSTM.builder(units, outputs(units));
            default: return LSTM.builder(units);
        }
    }

    /** The width of the layer's output and recurrent state: {@code units}, or for {@code projected_lstm} half of it, at least 1. */
    int outputs(int units) {
        return this == projected_lstm ? Math.max(1, units / 2) : units;
    }
}

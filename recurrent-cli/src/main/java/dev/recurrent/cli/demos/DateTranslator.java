package dev.recurrent.cli.demos;

import dev.recurrent.layers.LSTM;
import dev.recurrent.optim.Adam;

/**
 * The network of the dates demo: Keras' {@code lstm_seq2seq} ({@link EncoderDecoder}) with LSTMs,
 * from the text's characters to the ISO date's, with or without attention.
 */
final class DateTranslator {
    private DateTranslator() {
    }

    static EncoderDecoder of(boolean attention, int units, double learningRate, long seed) {
        return new EncoderDecoder("dates_" + (attention ? "attention" : "plain"),
                u -> LSTM.builder(u).returnSequences(true).returnState(true).build(), "LSTM", units,
                DateEncoding.INPUT.size(), DateEncoding.OUTPUT.size(), DateEncoding.OUTPUT.size(), attention,
                new Adam(learningRate), seed);
    }
}

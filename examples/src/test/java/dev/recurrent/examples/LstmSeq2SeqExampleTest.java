package dev.recurrent.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LstmSeq2SeqExampleTest {
    @Test
    void theInferenceModelsDecodeTheTrainingPhrases() {
        LstmSeq2SeqExample.Result r = LstmSeq2SeqExample.run(100, 1);
        int training = (int) Math.floor(r.inputs().size() * 0.8);     // validation_split=0.2 holds out the rest
        for (int i = 0; i < training; i++) {
            assertEquals(r.expected().get(i), r.decoded().get(i), "decoding of " + r.inputs().get(i));
        }
        assertTrue(r.history().keys().contains("val_loss"), r.history().keys().toString());
    }
}

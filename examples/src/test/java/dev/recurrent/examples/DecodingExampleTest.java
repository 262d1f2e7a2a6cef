package dev.recurrent.examples;

import dev.recurrent.decoding.Hypothesis;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodingExampleTest {

    @Test
    void steppingIsPredictAndTheStrategiesBehave() {
        DecodingExample.Result r = DecodingExample.run();
        assertArrayEquals(r.predicted(), r.stepped(), 0f);
        assertArrayEquals(r.sampled(), r.sampledAgain(), "the same seed, the same tokens");
        assertEquals(3, r.beams().size());
        for (int i = 1; i < r.beams().size(); i++) {
            assertTrue(r.beams().get(i - 1).score() >= r.beams().get(i).score(), "best first");
        }
        for (Hypothesis h : r.beams()) {
            assertEquals(h.logProbability() / h.tokens().length, h.score(), 1e-12);
        }
        assertTrue(r.greedy().length >= 1 && r.greedy().length <= 20);
    }
}

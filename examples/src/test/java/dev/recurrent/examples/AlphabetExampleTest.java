package dev.recurrent.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AlphabetExampleTest {
    @Test
    void learnsEveryLetter() {
        assertEquals(1.0, AlphabetExample.train(7), "accuracy on the 23 windows");
    }
}

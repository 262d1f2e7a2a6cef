package dev.recurrent.data;

import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneHotTest {
    @Test
    void encodesIdsAsKerasToCategorical() {
        Tensor t = OneHot.encode(new int[] {2, 0, 1}, 3);
        assertArrayEquals(new int[] {3, 3}, t.shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, t.data());
    }

    @Test
    void roundTripsIdsAndSequences() {
        int[] ids = {5, 0, 11, 3, 3, 7};
        assertArrayEquals(ids, OneHot.argmax(OneHot.encode(ids, 12)));
        int[][] seqs = {{1, 2, 3}, {11, 0, 4}};
        Tensor t = OneHot.encode(seqs, 12);
        assertArrayEquals(new int[] {2, 3, 12}, t.shape());
        assertEquals(1f, t.get(1, 0, 11));
        assertArrayEquals(new int[] {1, 2, 3, 11, 0, 4}, OneHot.argmax(t));
    }

    @Test
    void encodesPaddedIds() {
        Tensor padded = Sequences.padSequences(new int[][] {{1}, {2, 3}}, 3);
        Tensor t = OneHot.encode(padded, 4);
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        assertArrayEquals(new int[] {0, 0, 1, 0, 2, 3}, OneHot.argmax(t));
    }

    @Test
    void argmaxTakesTheFirstOfEqualValues() {
        assertEquals(1, OneHot.argmax(new float[] {0.1f, 0.7f, 0.7f}));
        assertEquals(2, OneHot.argmax(new float[] {0.1f, 0.7f, Float.NaN}));
        assertArrayEquals(new int[] {1, 0}, OneHot.argmax(Tensor.of(new float[] {0, 1, 0, 5, 5, 5}, 2, 3)));
    }

    @Test
    void refusesIdsOutsideTheClasses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(new int[] {0, 3}, 3));
        assertTrue(e.getMessage().contains("id 3 at position 1 is outside [0, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[][] {{1, 2}, {1}}, 3));
        assertTrue(e.getMessage().contains("sequence 1 has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(Tensor.of(new float[] {0.5f}, 1, 1), 3));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {0}, 0));
    }
}

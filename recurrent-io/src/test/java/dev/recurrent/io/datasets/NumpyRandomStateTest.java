package dev.recurrent.io.datasets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** NumPy's legacy RandomState: the MT19937 stream, and shuffle as NumPy's own tests pin it. */
class NumpyRandomStateTest {

    @Test
    void mt19937StreamIsTheReferenceOne() {
        // init_genrand(5489), the reference implementation's default seed (C++ std::mt19937 too)
        NumpyRandomState rng = new NumpyRandomState(5489);
        long[] first = {3499211612L, 581869302L, 3890346734L, 3586334585L, 545404204L};
        for (long expected : first) {
            assertEquals(expected, rng.nextUint32());
        }
        for (int i = first.length; i < 9999; i++) {
            rng.nextUint32();
        }
        assertEquals(4123659995L, rng.nextUint32(), "the 10000th draw, as the C++ standard requires");
    }

    @Test
    void shuffleMatchesNumpysTestOfRandomStateShuffle() {
        // numpy/random/tests/test_randomstate.py, TestRandomDist.test_shuffle (seed 1234567890)
        NumpyRandomState rng = new NumpyRandomState(1234567890L);
        int[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
        rng.shuffle(a);
        assertArrayEquals(new int[] {0, 1, 9, 6, 2, 4, 5, 8, 7, 3}, a);
    }

    @Test
    void kerasImdbOrderGivesThePublishedFirstTrainLabels() {
        // 12,500 positive reviews (indices 0..12499) then 12,500 negative ones, shuffled by RandomState(113):
        // Keras' y_train[:10] is 1 0 0 1 0 0 1 0 1 0
        int[] order = new NumpyRandomState(113).permutation(25_000);
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            labels[i] = order[i] < 12_500 ? 1 : 0;
        }
        assertArrayEquals(new int[] {1, 0, 0, 1, 0, 0, 1, 0, 1, 0}, labels);
    }

    @Test
    void intervalStaysWithinItsBoundAndReachesIt() {
        NumpyRandomState rng = new NumpyRandomState(7);
        boolean[] seen = new boolean[6];
        for (int i = 0; i < 1000; i++) {
            seen[(int) rng.interval(5)] = true;
        }
        for (boolean s : seen) {
            assertEquals(true, s);
        }
        assertEquals(0, rng.interval(0));
    }

    @Test
    void seedOutsideNumpysRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(1L << 32));
    }
}

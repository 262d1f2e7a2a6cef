package dev.recurrent.layers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PyTorch layout arithmetic, element by element, and its inverses. */
class TorchLayoutTest {
    private static float[] count(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        // [[0, 1, 2], [3, 4, 5]] → [[0, 3], [1, 4], [2, 5]]
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, TorchLayout.transpose(count(6), 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchLayout.transpose(count(5), 2, 3));
        assertTrue(e.getMessage().equals("expected a [2, 3] weight (6 values), got 5 values"), e.getMessage());
    }

    @Test
    void theGruKernelSwapsTheFirstTwoGateBlocksAndGruWeightUndoesIt() {
        // units 1, cols 2: rows r = (0, 1), z = (2, 3), n = (4, 5); the kernel's columns are z, r, n
        float[] kernel = TorchLayout.gruKernel(count(6), 1, 2);
        assertArrayEquals(new float[] {2, 0, 4, 3, 1, 5}, kernel);
        assertArrayEquals(count(6), TorchLayout.gruWeight(kernel, 1, 2));
        float[] w = count(3 * 4 * 5);
        assertArrayEquals(w, TorchLayout.gruWeight(TorchLayout.gruKernel(w, 4, 5), 4, 5));
    }

    @Test
    void gruBiasesUndoesGruBias() {
        float[] ih = {0, 1, 2, 3, 4, 5}, hh = {6, 7, 8, 9, 10, 11};
        float[] bias = TorchLayout.gruBias(ih, hh, 2);
        assertArrayEquals(new float[] {2, 3, 0, 1, 4, 5, 8, 9, 6, 7, 10, 11}, bias);
        float[][] back = TorchLayout.gruBiases(bias, 2);
        assertArrayEquals(ih, back[0]);
        assertArrayEquals(hh, back[1]);
        assertThrows(IllegalArgumentException.class, () -> TorchLayout.gruBiases(new float[5], 1));
    }
}

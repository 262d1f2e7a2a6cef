package dev.recurrent.layers;

/**
 * The gate values and states of one sequence of a recurrent layer's last forward call, per step
 * and unit: what the gates did, read back for inspection or plotting.
 *
 * <p>Steps are in processing order (with {@code goBackwards}, step 0 is the last input step). At a
 * masked step the gates are those the cell computed, while the states are carried over from the
 * previous step, as the layer's output is. It is read from the caches the forward pass keeps
 * anyway (the workspace's activated gates, cell and hidden states), so recording costs nothing
 * until {@link Recurrent#gateTrace(int)} is called, and only that call allocates.
 *
 * @param gateNames the gates in storage order: LSTM and peephole LSTM {@code i, f, c, o} (c being
 *                  the candidate tanh(z_c); also the layer-normalised LSTM), CIFG LSTM {@code f, c, o},
 *                  GRU and layer-normalised GRU {@code z, r, h} (h being the candidate n), MGU
 *                  {@code f, h}; none for the simple RNN
 * @param gates     [gate][step][unit] activated gate values
 * @param cellState [step][unit] c_t after each step (LSTM kinds), else null
 * @param hidden    [step][unit] h_t after each step
 */
public record GateTrace(String[] gateNames, float[][][] gates, float[][] cellState, float[][] hidden) {

    /** The gate names of {@code cell} in storage order (see the record's description); none for a simple RNN. */
    static String[] gateNames(Cell cell) {
        if (cell instanceof LstmCell || cell instanceof PeepholeLstmCell || cell instanceof LayerNormLstmCell) {
            return new String[] {"i", "f", "c", "o"};
        } else if (cell instanceof CifgLstmCell) {
            return new String[] {"f", "c", "o"};
        } else if (cell instanceof GruCell || cell instanceof GruResetBeforeCell || cell instanceof LayerNormGruCell) {
            return new String[] {"z", "r", "h"};
        } else if (cell instanceof MguCell) {
            return new String[] {"f", "h"};
        }
        return new String[0];
    }

    static GateTrace of(Cell cell, Workspace ws, int sample) {
        String[] names = gateNames(cell);
        int b = ws.batch, T = ws.steps, h = ws.units, g = ws.gateWidth;
        if (sample < 0 || sample >= b) {
            throw new IllegalArgumentException("gate trace: expected a sample in [0, " + b + "), got " + sample);
        }
        float[][][] gates = new float[names.length][T][h];
        float[][] c = cell.hasCellState() ? new float[T][h] : null;
        float[][] hid = new float[T][h];
        for (int t = 0; t < T; t++) {
            int row = t * b + sample;
            for (int k = 0; k < names.length; k++) {
                System.arraycopy(ws.gates, row * g + k * h, gates[k][t], 0, h);
            }
            System.arraycopy(ws.hs, (row + b) * h, hid[t], 0, h);
            if (c != null) {
                System.arraycopy(ws.cs, (row + b) * h, c[t], 0, h);
            }
        }
        return new GateTrace(names, gates, c, hid);
    }

    /** The values of gate {@code name} [step][unit]. */
    public float[][] gate(String name) {
        for (int k = 0; k < gateNames.length; k++) {
            if (gateNames[k].equals(name)) {
                return gates[k];
            }
        }
        throw new IllegalArgumentException("no gate '" + name + "'; the gates are " + java.util.Arrays.toString(gateNames));
    }
}

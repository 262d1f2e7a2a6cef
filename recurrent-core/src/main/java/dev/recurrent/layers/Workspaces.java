package dev.recurrent.layers;

/**
 * A recurrent layer's {@link Workspace} for the batch shape of its last call, and the one of the
 * shape before, kept so that alternating shapes (a smaller last batch) do not reallocate.
 */
final class Workspaces {
    private final Recurrent layer;
    private Workspace current, spare;

    Workspaces(Recurrent layer) {
        this.layer = layer;
    }

    /** The workspace of the last call; null before it. */
    Workspace current() {
        return current;
    }

    /** Forgets both (the layer's weights were made anew). */
    void clear() {
        current = null;
        spare = null;
    }

    /** The workspace sized for (batch, steps); a new shape reallocates on purpose. */
    Workspace sizedFor(int batch, int steps) {
        if (current != null && current.fits(batch, steps)) {
            return current;
        }
        Workspace previous = current;
        if (spare != null && spare.fits(batch, steps)) {
            current = spare;
        } else {
            Cell cell = layer.cell();
            current = new Workspace(batch, steps, layer.inputFeatures(), layer.units(), cell.gates(),
                    cell.hasCellState(), cell.hasDirectHiddenPath(), layer.config().returnSequences());
        }
        spare = previous;
        return current;
    }
}

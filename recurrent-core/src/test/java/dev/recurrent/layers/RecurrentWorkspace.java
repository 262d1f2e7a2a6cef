package dev.recurrent.layers;

/** What a recurrent layer's caches hold, for tests outside this package. */
public final class RecurrentWorkspace {
    private RecurrentWorkspace() {
    }

    /** The steps the workspace of the layer's last call holds. */
    public static int steps(Recurrent layer) {
        return layer.workspaces.current().steps;
    }
}

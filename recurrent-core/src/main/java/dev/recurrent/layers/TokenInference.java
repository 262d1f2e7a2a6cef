package dev.recurrent.layers;

/**
 * Inference of a {@link Recurrent} layer on token ids through the {@link Embedding} before it:
 * each step's input projection is a row copied from a table of every token's projection
 * ({@link TokenProjection}), and no embedded input is made. The output is that of the embedded
 * input, bit for bit.
 */
final class TokenInference {
    private final Recurrent layer;
    private final TokenProjection projection = new TokenProjection();

    TokenInference(Recurrent layer) {
        this.layer = layer;
    }

    /** Whether the embedding's vectors are the layer's input and its table is not too large. */
    static boolean accepts(Recurrent layer, Embedding embedding) {
        int inputs = layer.inputFeatures();
        return inputs > 0 && embedding.outputDim() == inputs
                && TokenProjection.fits(embedding.inputDim(), layer.cell().gates() * layer.units());
    }

    /** See {@link Recurrent#forwardTokens}. */
    float[] forward(Embedding embedding, float[] ids, int batch, boolean[] inputMask) {
        String name = layer.name();
        int inputs = layer.inputFeatures(), units = layer.units();
        if (!accepts(layer, embedding)) {
            throw new IllegalArgumentException(name + ": cannot take token ids from " + embedding.name() + " (output_dim "
                    + embedding.outputDim() + ", input_dim " + embedding.inputDim() + ") for input features " + inputs
                    + " and a projection table of at most " + TokenProjection.MAX_VALUES + " values");
        }
        if (batch <= 0) {
            throw new IllegalArgumentException(name + ": expected a positive batch size, got " + batch);
        }
        embedding.readTokens(ids, batch);
        boolean[] mask = embedding.outputMask(inputMask);
        int steps = embedding.inputShape().dim(0);
        RecurrentChecks.maskAndStates(name, units, layer.cell().hasCellState(), layer.carriedBatch(), batch, steps,
                mask, null);
        float[] table = projection.table(layer.kernels(), embedding.embeddings(), embedding.inputDim(), inputs,
                layer.weights().kernel().value(), layer.cell().gates() * units);
        return layer.run(null, new Tokens(projection, ids, table), false, batch, steps, mask, null, false);
    }

    /** Token ids [B, steps] and the projection table they index. */
    record Tokens(TokenProjection projection, float[] ids, float[] table) {

        /** xp [count, B, width] = the table rows of the tokens of steps [t0, t0 + count) in processing order. */
        void gather(int width, int batch, int steps, int t0, int count, boolean backwards, float[] xp) {
            projection.gather(table, width, ids, batch, steps, t0, count, backwards, xp);
        }
    }
}

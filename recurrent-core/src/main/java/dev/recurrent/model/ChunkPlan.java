package dev.recurrent.model;

import dev.recurrent.layers.Recurrent;

import java.util.List;

/**
 * How a model's sequences run in truncated BPTT's chunks ({@link TruncatedBptt}).
 *
 * @param steps          the length of the training sequences
 * @param sequenceOutput whether the outputs have the inputs' time axis, so that the targets are cut
 *                       into the same chunks (else one output per sequence: only the last chunk trains)
 * @param chunked        the recurrent layers whose steps are the chunk's, which carry their states
 *                       from chunk to chunk
 */
record ChunkPlan(int steps, boolean sequenceOutput, List<Recurrent> chunked) {
}

package dev.recurrent.model;

import dev.recurrent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The buffers one chunk of a batch is gathered into for truncated BPTT — inputs, targets, row
 * weights, loss gradient — sized for the chunk, not the sequence. The two chunk shapes of an epoch
 * (full chunks, and the shorter last one) are kept, so alternating between them allocates nothing.
 */
final class ChunkBuffers {
    private final Map<Long, float[][]> byShape = new LinkedHashMap<>();

    /**
     * Copies steps [t0, t0 + c) of the samples {@code order[from .. from+b)} of x (T steps each) into
     * the buffers and returns them: {x [b, c, ...], y, row weights [b·c], loss gradient}. y is cut
     * into the same steps when the output is a sequence ({@code sequenceOutput}), else copied whole.
     *
     * @param outputSize the values of one sample's output for this chunk
     */
    float[][] gather(Tensor x, Tensor y, int steps, boolean sequenceOutput, int outputSize,
                     int[] order, int from, int b, int t0, int c) {
        int xs = x.sampleSize(), ys = y.sampleSize(), xStep = xs / steps, yStep = ys / steps;
        int xLen = c * xStep, yLen = sequenceOutput ? c * yStep : ys;
        long key = (long) b << 32 | c;
        float[][] buf = byShape.get(key);
        if (buf == null) {
            if (byShape.size() >= 2) {
                byShape.remove(byShape.keySet().iterator().next());
            }
            buf = new float[][] {new float[b * xLen], new float[b * yLen], new float[b * c], new float[b * outputSize]};
            byShape.put(key, buf);
        }
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < b; i++) {
            int sample = order[from + i];
            System.arraycopy(xd, sample * xs + t0 * xStep, buf[0], i * xLen, xLen);
            System.arraycopy(yd, sample * ys + (sequenceOutput ? t0 * yStep : 0), buf[1], i * yLen, yLen);
        }
        return buf;
    }
}

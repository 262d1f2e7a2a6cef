package dev.recurrent.loss;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Loss#compute} and {@link Loss#computeWeighted} run every step and allocate nothing. */
class LossNoAllocationTest {

    @Test
    void computeAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counting is off");
        threads.setThreadAllocatedMemoryEnabled(true);

        int rows = 64, cols = 10;
        Random random = new Random(7);
        float[] yPred = new float[rows * cols];
        float[] oneHot = new float[rows * cols];
        float[] classes = new float[rows];
        float[] mask = new float[rows];
        float[] grad = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            int c = random.nextInt(cols);
            classes[i] = c;
            oneHot[i * cols + c] = 1f;
            mask[i] = random.nextInt(4) == 0 ? 0f : 1f;
            for (int j = 0; j < cols; j++) {
                yPred[i * cols + j] = 0.05f + 0.9f * random.nextFloat();
            }
        }
        List<Loss> dense = List.of(new MeanSquaredError(), new MeanAbsoluteError(), new BinaryCrossentropy(),
                new BinaryCrossentropy(true), new CategoricalCrossentropy(), new CategoricalCrossentropy(true));
        List<Loss> sparse = List.of(new SparseCategoricalCrossentropy(), new SparseCategoricalCrossentropy(true));

        long id = Thread.currentThread().getId();
        double sink = 0;
        long allocated = 0;
        for (int round = 0; round < 3; round++) {       // the last round, warm, is the one measured
            long before = threads.getThreadAllocatedBytes(id);
            for (int k = 0; k < dense.size(); k++) {
                sink += dense.get(k).compute(yPred, oneHot, mask, rows, cols, grad);
                sink += dense.get(k).computeWeighted(yPred, oneHot, mask, classes, rows, cols, grad);
            }
            for (int k = 0; k < sparse.size(); k++) {
                sink += sparse.get(k).compute(yPred, classes, null, rows, cols, grad);
            }
            allocated = threads.getThreadAllocatedBytes(id) - before;
        }
        assertTrue(allocated < 1024, "the losses allocated " + allocated + " bytes (sink " + sink + ")");
    }
}

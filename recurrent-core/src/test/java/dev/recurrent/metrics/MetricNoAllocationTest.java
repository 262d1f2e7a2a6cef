package dev.recurrent.metrics;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Metric#update} runs every step and allocates nothing. */
class MetricNoAllocationTest {

    @Test
    void updateAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counting is off");
        threads.setThreadAllocatedMemoryEnabled(true);

        int rows = 64, cols = 5;
        float[] yPred = new float[rows * cols];
        float[] yTrue = new float[rows * cols];
        float[] classes = new float[rows];
        float[] mask = new float[rows];
        for (int i = 0; i < rows; i++) {
            classes[i] = i % cols;
            yTrue[i * cols + i % cols] = 1f;
            mask[i] = i % 3 == 0 ? 0f : 1f;
            for (int j = 0; j < cols; j++) {
                yPred[i * cols + j] = ((i * 7 + j * 3) % 11) / 11f;
            }
        }
        List<Metric> dense = List.of(new BinaryAccuracy(), new CategoricalAccuracy(), new MeanAbsoluteError(),
                new MeanSquaredError(), new RootMeanSquaredError());
        Metric sparse = new SparseCategoricalAccuracy();
        Mean loss = new Mean("loss");

        long id = Thread.currentThread().getId();
        long allocated = 0;
        double sink = 0;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int k = 0; k < dense.size(); k++) {
                dense.get(k).update(yPred, yTrue, mask, rows, cols);
                sink += dense.get(k).result();
            }
            sparse.update(yPred, classes, null, rows, cols);
            loss.update(0.5, rows);
            sink += sparse.result() + loss.result();
            allocated = threads.getThreadAllocatedBytes(id) - before;
        }
        assertTrue(allocated < 1024, "the metrics allocated " + allocated + " bytes (sink " + sink + ")");
    }
}

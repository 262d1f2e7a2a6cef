package dev.recurrent.layers;

import dev.recurrent.kernels.KernelsProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once the workspace is sized for a (B, T), a training step (forward with mask and dropout, then
 * backward through time) allocates nothing, in the calling thread or in the worker pool. Measured
 * with the scalar kernels, whose code is plain Java: whether the JIT scalarizes Vector API values is
 * not this project's to assert.
 */
class NoAllocationTest {

    @ParameterizedTest
    @ValueSource(strings = {"simple_rnn", "lstm", "gru"})
    void aTrainingStepAllocatesNothing(String cell) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counting is off");

        int b = 8, t = 12, in = 16, h = 64;   // large enough for the step to be split across the pool
        Recurrent layer = configured(cell, h).build().withKernels(KernelsProvider.scalar());
        Random rnd = new Random(3);
        float[] x = RecurrentGradientTest.gaussian(rnd, b * t * in);
        float[] dy = RecurrentGradientTest.gaussian(rnd, b * t * h);
        boolean[] mask = new boolean[b * t];
        java.util.Arrays.fill(mask, true);
        mask[t - 1] = false;
        for (int warm = 0; warm < 3; warm++) {
            step(layer, x, dy, mask, b, t, in);
        }
        long[] ids = workerAndCallerIds();
        long before = total(threads, ids);
        step(layer, x, dy, mask, b, t, in);
        long allocated = total(threads, ids) - before;
        assertTrue(allocated < 1024, cell + ": a training step allocated " + allocated + " bytes");
    }

    private static RecurrentConfig.Builder<? extends Recurrent> configured(String cell, int h) {
        RecurrentConfig.Builder<? extends Recurrent> bld = cell.equals("lstm") ? LSTM.builder(h)
                : cell.equals("gru") ? GRU.builder(h) : SimpleRNN.builder(h);
        return bld.returnSequences(true).dropout(0.2f).recurrentDropout(0.2f).stateful(true).seed(5);
    }

    private static void step(Recurrent layer, float[] x, float[] dy, boolean[] mask, int b, int t, int in) {
        layer.forward(x, b, t, in, mask, null, true);
        layer.zeroGrad();
        layer.backward(dy);
    }

    private static long[] workerAndCallerIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th == Thread.currentThread() || th.getName().startsWith("recurrent-worker"))
                .mapToLong(Thread::getId).toArray();
    }

    private static long total(com.sun.management.ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long a : threads.getThreadAllocatedBytes(ids)) {
            sum += Math.max(a, 0);
        }
        return sum;
    }
}

package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** After the first step has built the optimizer, a step allocates nothing, with every option. */
class AllocationTest {

    @Test
    void aStepAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "per-thread allocation counting is off");

        for (Supplier<Optimizer> make : Variants.all()) {
            Optimizer o = make.get();
            List<Parameter> ps = Params.standard();
            Params.setGradients(ps, Params.gradients(1));
            for (int warm = 0; warm < 20; warm++) {
                o.step(ps);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            o.step(ps);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 256, o + ": a step allocated " + allocated + " bytes");
        }
    }
}

package dev.recurrent.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelsBannerTest {

    @Test
    void verboseLineAddsTheBlockingWhenThereIsOne() {
        KernelsBanner vector = new KernelsBanner("vector(512-bit)", 2, "gemm 8x32 kc 512 mc 128 nc 4096");
        assertEquals("kernels: vector(512-bit), threads: 2, gemm 8x32 kc 512 mc 128 nc 4096", vector.verboseLine());
        KernelsBanner scalar = new KernelsBanner("scalar", 1, "");
        assertEquals(scalar.line(), scalar.verboseLine());
    }

    @Test
    void thisProcessNamesItsKernels() {
        String line = KernelsBanner.describe().verboseLine();
        assertTrue(line.startsWith("kernels: " + KernelsBanner.describe().name() + ", threads: "), line);
    }
}

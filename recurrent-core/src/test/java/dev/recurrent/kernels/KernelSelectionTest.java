package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which kernels {@link KernelsProvider} picks. Surefire runs this class twice: with
 * {@code --add-modules jdk.incubator.vector} (vector expected) and without it (scalar expected).
 */
class KernelSelectionTest {

    private static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    @Test
    void autoPicksVectorExactlyWhenTheModuleIsPresent() {
        Kernels k = KernelsProvider.get();
        if (MODULE_PRESENT) {
            assertTrue(k.name().startsWith("vector("), "expected the vector kernels, got " + k.name());
            assertTrue(KernelsProvider.vector().isPresent());
            assertTrue(KernelsProvider.choose("auto").name().startsWith("vector("));
        } else {
            assertInstanceOf(ScalarKernels.class, k);
            assertEquals("scalar", k.name());
            assertFalse(KernelsProvider.vector().isPresent());
            assertEquals("scalar", KernelsProvider.choose("auto").name());
        }
    }

    @Test
    void forcedVector() {
        if (MODULE_PRESENT) {
            assertTrue(KernelsProvider.choose("vector").name().startsWith("vector("));
            assertTrue(KernelsProvider.choose(" VECTOR ").name().startsWith("vector("));
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelsProvider.choose("vector"));
            assertTrue(e.getMessage().contains("auto"), "message should suggest auto: " + e.getMessage());
            assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"),
                    "message should name the flag: " + e.getMessage());
        }
    }

    @Test
    void forcedScalar() {
        assertEquals("scalar", KernelsProvider.choose("scalar").name());
        assertEquals("scalar", KernelsProvider.scalar().name());
    }

    @Test
    void badModeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelsProvider.choose("fast"));
        assertTrue(e.getMessage().contains("auto, vector or scalar") && e.getMessage().contains("fast"), e.getMessage());
    }
}

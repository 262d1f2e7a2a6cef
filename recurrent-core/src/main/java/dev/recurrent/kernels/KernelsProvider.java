package dev.recurrent.kernels;

import java.lang.invoke.MethodHandles;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Chooses the kernels once per JVM: the Vector API twin when {@code jdk.incubator.vector} is
 * readable, otherwise the scalar reference.
 *
 * <p>The system property {@code recurrent.kernels} is {@code auto} (the default), {@code vector}
 * or {@code scalar}. With {@code auto} a missing module falls back to scalar with one warning that
 * names the flag to add; with {@code vector} it is an error.
 */
public final class KernelsProvider {

    static final String VECTOR_CLASS = "dev.recurrent.kernels.VectorKernels";
    private static final String FLAG = "--add-modules jdk.incubator.vector";
    private static final Logger LOG = Logger.getLogger(KernelsProvider.class.getName());

    private static volatile Kernels instance;

    private KernelsProvider() {
    }

    /** The kernels every layer uses unless it is given others. */
    public static Kernels get() {
        Kernels k = instance;
        if (k == null) {
            synchronized (KernelsProvider.class) {
                k = instance;
                if (k == null) {
                    k = choose(System.getProperty("recurrent.kernels", "auto"));
                    Kernels chosen = k;
                    LOG.fine(() -> "Recurrent kernels: " + chosen.name() + ", threads: " + Parallel.threads());
                    instance = k;
                }
            }
        }
        return k;
    }

    /** The scalar reference kernels. */
    public static Kernels scalar() {
        return new ScalarKernels();
    }

    /** The Vector API kernels, or empty (with the reason logged nowhere) when they cannot load. */
    public static Optional<Kernels> vector() {
        try {
            return Optional.of(loadVector());
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    static Kernels choose(String mode) {
        switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "scalar":
                return scalar();
            case "vector":
                try {
                    return loadVector();
                } catch (UnsupportedOperationException e) {
                    throw new IllegalStateException("recurrent.kernels=vector was requested but " + e.getMessage()
                            + "; use recurrent.kernels=auto to fall back to the scalar kernels", e);
                }
            case "auto":
                try {
                    return loadVector();
                } catch (UnsupportedOperationException e) {
                    LOG.warning("Recurrent uses its scalar kernels: " + e.getMessage());
                    return scalar();
                }
            default:
                throw new IllegalArgumentException("recurrent.kernels must be auto, vector or scalar, got '" + mode + "'");
        }
    }

    private static Kernels loadVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new UnsupportedOperationException("the Vector API module is not present; start java with " + FLAG);
        }
        try {
            Class<?> cls = Class.forName(VECTOR_CLASS, true, KernelsProvider.class.getClassLoader());
            return (Kernels) MethodHandles.publicLookup().findConstructor(cls,
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (UnsupportedOperationException e) {
            throw e;
        } catch (Throwable t) {
            throw new UnsupportedOperationException("the Vector API kernels could not be loaded (" + t + ")", t);
        }
    }
}

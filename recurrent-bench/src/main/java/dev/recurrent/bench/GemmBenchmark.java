package dev.recurrent.bench;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code C = op(A) · op(B)} at the shapes the layers use: a batch times a projection
 * (64×768×2048), a square product (2048³), a mid-sized one (128×256×512) and a small one
 * (32×64×128), with each operand transposed in turn (the backward pass needs both). GFLOP/s is
 * {@code 2·M·N·K / time}; {@code docs/performance.md} compares it with OpenBLAS.
 *
 * <p>HOW TO RUN: {@code mvn -q -B -DskipTests install}, then
 * <pre>
 * java --add-modules jdk.incubator.vector -jar recurrent-bench/target/benchmarks.jar GemmBenchmark \
 *      -f 1 -wi 3 -i 5 -w 1s -r 1s [-p kernels=vector] [-p shape=2048x2048x2048]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmBenchmark {

    /** M×K×N. */
    @Param({"64x768x2048", "2048x2048x2048", "128x256x512", "32x64x128"})
    public String shape;

    /** NN: plain; TN: A stored transposed [K, M]; NT: B stored transposed [N, K]. */
    @Param({"NN", "TN", "NT"})
    public String trans;

    /** vector or scalar (the {@code recurrent.kernels} modes). */
    @Param({"vector", "scalar"})
    public String kernels;

    private Kernels k;
    private boolean transA, transB;
    private int m, n, depth, lda, ldb;
    private float[] a, b, c;

    @Setup
    public void setUp() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        depth = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        transA = trans.charAt(0) == 'T';
        transB = trans.charAt(1) == 'T';
        lda = transA ? m : depth;
        ldb = transB ? depth : n;
        k = "scalar".equals(kernels) ? KernelsProvider.scalar()
                : KernelsProvider.vector().orElseThrow(() -> new IllegalStateException(
                        "the vector kernels need --add-modules jdk.incubator.vector"));
        SplittableRandom rnd = new SplittableRandom(42);
        a = new float[m * depth];
        b = new float[depth * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextDouble(-1, 1);
        }
    }

    @Benchmark
    public float[] gemm() {
        k.gemm(transA, transB, m, n, depth, a, 0, lda, b, 0, ldb, false, c, 0, n);
        return c;
    }
}

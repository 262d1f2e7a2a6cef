package dev.recurrent.bench;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.layers.LSTM;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The LSTM layer of the {@code large} workload alone: B=64, T=100, I=256, H=512,
 * last step out. Forward costs {@code 2·T·B·(I+H)·4H} = 20.1 GFLOP; forward+backward about three
 * times that (the backward is two GEMMs per forward GEMM). GFLOP/s = FLOPs / time.
 *
 * <p>HOW TO RUN: {@code java --add-modules jdk.incubator.vector -jar recurrent-bench/target/benchmarks.jar LstmLayerBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
public class LstmLayerBenchmark {

    @Param({"64"})
    int batch;
    @Param({"100"})
    int steps;
    @Param({"256"})
    int inputs;
    @Param({"512"})
    int units;
    @Param({"vector", "scalar"})
    String kernels;

    private LSTM lstm;
    private float[] x, dy;

    @Setup
    public void setup() {
        Kernels k = "scalar".equals(kernels) ? KernelsProvider.scalar()
                : KernelsProvider.vector().orElseThrow(() -> new IllegalStateException(
                        "the Vector API kernels are not available; run with --add-modules jdk.incubator.vector"));
        lstm = LSTM.builder(units).seed(1).build();
        lstm.withKernels(k);
        lstm.build(inputs);
        Random rnd = new Random(1);
        x = new float[batch * steps * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        dy = new float[batch * units];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (float) rnd.nextGaussian() * 0.01f;
        }
    }

    @Benchmark
    public float[] forward() {
        return lstm.forward(x, batch, steps, inputs, null, null, false);
    }

    @Benchmark
    public float[] forwardBackward() {
        lstm.forward(x, batch, steps, inputs, null, null, true);
        lstm.zeroGrad();
        return lstm.backward(dy);
    }
}

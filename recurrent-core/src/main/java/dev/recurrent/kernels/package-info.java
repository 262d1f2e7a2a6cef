/**
 * The numerical kernels the layers run on: GEMM, the fused gate math of the LSTM and GRU steps,
 * activations and bulk array operations ({@link dev.recurrent.kernels.Kernels}), with a plain Java
 * reference ({@link dev.recurrent.kernels.ScalarKernels}) and a Vector API twin in
 * {@code src/main/java-vector}, chosen at run time by {@link dev.recurrent.kernels.KernelsProvider};
 * and the fork-join helper {@link dev.recurrent.kernels.Parallel} that splits work across cores.
 *
 * <p>Imports: the JDK only (the Vector API twin also {@code jdk.incubator.vector}); every other
 * package may import this one.
 */
package dev.recurrent.kernels;

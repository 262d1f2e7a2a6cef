/**
 * JMH benchmarks of the kernels and layers (GEMM, one LSTM layer's forward and backward). Results
 * and method are in docs/performance.md; the side-by-side harness beside DJL and DL4J is
 * {@code recurrent bench} and {@code side-by-side.sh}.
 *
 * <p>May import the core and JMH; nothing of the command line.
 */
package dev.recurrent.bench;

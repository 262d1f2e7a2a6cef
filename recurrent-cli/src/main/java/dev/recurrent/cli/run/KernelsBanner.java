package dev.recurrent.cli.run;

import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.kernels.Parallel;

/**
 * The kernels in use, as the commands show them: their name (e.g. {@code vector(256-bit)}) and how
 * many threads they run on. The one place the command line asks the kernels what they are.
 *
 * @param name     the kernels' name
 * @param threads  the threads of their parallel loops
 * @param blocking how their GEMM is blocked for this machine ({@code Kernels.blocking()}), or ""
 */
public record KernelsBanner(String name, int threads, String blocking) {

    /** The kernels of this process. */
    public static KernelsBanner describe() {
        Kernels kernels = KernelsProvider.get();
        return new KernelsBanner(kernels.name(), Parallel.threads(), kernels.blocking());
    }

    /** For the console: {@code kernels: NAME, threads: N}. */
    public String line() {
        return "kernels: " + name + ", threads: " + threads;
    }

    /** For {@code ./recurrent --verbose}: the console line, and the GEMM's blocking when the kernels have one. */
    public String verboseLine() {
        return blocking.isEmpty() ? line() : line() + ", " + blocking;
    }

    /** For a report's settings: {@code NAME, N threads}. */
    public String setting() {
        return name + ", " + threads + " threads";
    }
}

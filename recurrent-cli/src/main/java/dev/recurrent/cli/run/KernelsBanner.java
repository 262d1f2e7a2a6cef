package dev.recurrent.cli.run;

import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.kernels.Parallel;

/**
 * The kernels in use, as the commands show them: their name (e.g. {@code vector(256-bit)}) and how
 * many threads they run on. The one place the command line asks the kernels what they are.
 *
 * @param name    the kernels' name
 * @param threads the threads of their parallel loops
 */
public record KernelsBanner(String name, int threads) {

    /** The kernels of this process. */
    public static KernelsBanner describe() {
        return new KernelsBanner(KernelsProvider.get().name(), Parallel.threads());
    }

    /** For the console: {@code kernels: NAME, threads: N}. */
    public String line() {
        return "kernels: " + name + ", threads: " + threads;
    }

    /** For a report's settings: {@code NAME, N threads}. */
    public String setting() {
        return name + ", " + threads + " threads";
    }
}

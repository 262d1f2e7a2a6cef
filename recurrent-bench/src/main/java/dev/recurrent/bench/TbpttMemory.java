package dev.recurrent.bench;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.Sequential;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The peak memory of one epoch of training on sequences of T steps: truncated BPTT in chunks of K
 * steps against whole-sequence training, each run in a fresh JVM of its own (with the same
 * {@code -Xmx}) that reports its peak resident set (VmHWM), the peak heap in use and the time. A
 * third run per T builds the data and the model and trains nothing: the floor the other two stand on.
 *
 * <p>The model: LSTM(32, return_sequences) → TimeDistributed(Dense(1)), MSE, Adam; 8 sequences of
 * 4 features, one batch of 8.
 *
 * <p>The children run the scalar kernels unless {@code --vector}: the Vector API kernels' first
 * calls, before the JIT compiles them, make short-lived vector objects by the hundred megabytes,
 * which the peak heap and RSS then show whatever T is.
 *
 * <p>HOW TO RUN: {@code java -cp recurrent-bench/target/benchmarks.jar dev.recurrent.bench.TbpttMemory
 * [--steps 1000,10000,100000] [--chunk 100] [--xmx 3g] [--vector]}; it prints a Markdown table.
 */
public final class TbpttMemory {
    static final int SAMPLES = 8, FEATURES = 4, UNITS = 32;

    private TbpttMemory() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
            return;
        }
        List<Integer> steps = List.of(1_000, 10_000, 100_000);
        int chunk = 100;
        String xmx = "3g";
        boolean vector = false;
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--vector")) {
                vector = true;
                i--;
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--steps" -> {
                    steps = new ArrayList<>();
                    for (String s : args[i + 1].split(",")) {
                        steps.add(Integer.parseInt(s.strip()));
                    }
                }
                case "--chunk" -> chunk = Integer.parseInt(args[i + 1]);
                case "--xmx" -> xmx = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --steps T1,T2,..., --chunk K, --xmx SIZE or --vector");
            }
        }
        System.out.printf("CPU: %s; JDK %s (%s); child JVMs with -Xmx%s, %s kernels; LSTM(%d, return_sequences) ->"
                        + " TimeDistributed(Dense(1)), %d sequences x %d features, batch %d, 1 epoch%n%n",
                cpuModel(), System.getProperty("java.version"), System.getProperty("java.vm.name"), xmx,
                vector ? "Vector API" : "scalar", UNITS,
                SAMPLES, FEATURES, SAMPLES);
        System.out.println("| T | data (MiB) | training | peak RSS (MiB) | peak heap used (MiB) | fit time (s) |");
        System.out.println("|---:|---:|---|---:|---:|---:|");
        for (int t : steps) {
            double data = (double) SAMPLES * t * (FEATURES + 1) * 4 / (1 << 20);
            for (String mode : new String[] {"none", "tbptt", "whole"}) {
                String label = switch (mode) {
                    case "none" -> "none (data and model only)";
                    case "tbptt" -> "tbptt(" + chunk + ")";
                    default -> "whole sequence";
                };
                System.out.printf(Locale.ROOT, "| %,d | %.1f | %s | %s |%n", t, data, label, run(t, mode, chunk, xmx, vector));
                System.out.flush();
            }
        }
    }

    /** Runs one child JVM and returns its report: "rss | heap | time", or why it failed. */
    private static String run(int steps, String mode, int chunk, String xmx, boolean vector)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx));
        if (vector) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TbpttMemory.class.getName(), "--child",
                Integer.toString(steps), mode, Integer.toString(chunk)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    last = line.substring(7);
                }
            }
        }
        int code = p.waitFor();
        if (code != 0 || last == null) {
            String why = all.toString().contains("OutOfMemoryError") ? "out of memory at -Xmx" + xmx : "exit code " + code;
            return "failed: " + why + " | | ";
        }
        return last;
    }

    private static void child(int steps, String mode, int chunk) throws IOException {
        Random rnd = new Random(1);
        float[] x = new float[SAMPLES * steps * FEATURES], y = new float[SAMPLES * steps];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {      // the sum of the last two inputs' first feature
            int t = i % steps;
            y[i] = x[i * FEATURES] + (t > 0 ? x[(i - 1) * FEATURES] : 0f);
        }
        Sequential model = new Sequential().input(steps, FEATURES).seed(1)
                .add(LSTM.builder(UNITS).returnSequences(true).build())
                .add(new TimeDistributed(Dense.of(1)))
                .compile(new Adam(0.001), new MeanSquaredError());
        model.build();
        FitOptions options = FitOptions.defaults().epochs(1).batchSize(SAMPLES).shuffle(false);
        long t0 = System.nanoTime();
        if (!mode.equals("none")) {
            model.fit(Tensor.of(x, SAMPLES, steps, FEATURES), Tensor.of(y, SAMPLES, steps, 1),
                    mode.equals("tbptt") ? options.tbptt(chunk) : options);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT %.0f | %.0f | %.2f%n", vmHwmKb() / 1024.0,
                peakHeapBytes() / (double) (1 << 20), seconds);
    }

    /** The peak resident set size of this process, from /proc/self/status. */
    private static long vmHwmKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("/proc/self/status has no VmHWM line");
    }

    /** The heap pools' peak use, summed (each pool's own peak: an upper bound of the heap's peak). */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String cpuModel() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown";
    }
}

package dev.recurrent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.cli.run.KernelsBanner;
import dev.recurrent.cli.run.MemoryProbe;
import dev.recurrent.cli.run.ProcStats;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.kernels.Parallel;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code recurrent bench}: one of the four reference workloads ({@link BenchWorkload}), timed with
 * the protocol of the peer harness in {@code shared/bench/peers}: warm up until both
 * {@code --warmup-sec} and {@code --min-warmup-steps} have passed; choose the steps per repeat so
 * that a repeat lasts about {@code --repeat-sec} (or take {@code --steps}); time {@code --repeats}
 * repeats; report the median samples/s. A training step is {@link Sequential#trainOnBatch} on one
 * batch, an inference step {@link Sequential#predict} of one batch. Prints a {@code RESULT} line in
 * the peers' form and, with {@code --out}, appends the same JSON record to a file. With {@code --cell}
 * every recurrent layer of the workload is that cell (same units and options), and the lines and the
 * record name it; without it the workload is the LSTM one of the peers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times training or inference on one of the four reference workloads (imdb, addition, shampoo,"
                + " large), as the peer benchmarks do.")
public final class BenchCommand implements Callable<Integer> {

    static final String PEER = "recurrent";

    @Spec
    CommandSpec spec;

    @Option(names = "--workload", required = true, paramLabel = "W", description = "imdb, addition, shampoo or large.")
    String workload;

    @Option(names = "--mode", defaultValue = "train", paramLabel = "M", description = "train or infer (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--cell", paramLabel = "CELL",
            description = "The recurrent layers: ${COMPLETION-CANDIDATES} (default: lstm).")
    CellChoice cell;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "N", description = "Timed repeats (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup-sec", defaultValue = "10", paramLabel = "S", description = "Least warm-up time in seconds (default: ${DEFAULT-VALUE}).")
    double warmupSec;

    @Option(names = "--min-warmup-steps", defaultValue = "3", paramLabel = "N",
            description = "Least warm-up steps (default: ${DEFAULT-VALUE}; at least 1000 for shampoo).")
    int minWarmupSteps;

    @Option(names = "--repeat-sec", defaultValue = "5", paramLabel = "S", description = "Target length of a repeat in seconds (default: ${DEFAULT-VALUE}).")
    double repeatSec;

    @Option(names = "--min-steps", defaultValue = "3", paramLabel = "N", description = "Least steps per repeat (default: ${DEFAULT-VALUE}).")
    int minSteps;

    @Option(names = "--steps", defaultValue = "0", paramLabel = "N",
            description = "Fixed steps per repeat instead of --repeat-sec (default: chosen; 3000 for shampoo).")
    int steps;

    @Option(names = "--batches", defaultValue = "4", paramLabel = "N",
            description = "Distinct synthetic batches, cycled (default: ${DEFAULT-VALUE}; at least 36 for shampoo).")
    int batches;

    @Option(names = "--out", paramLabel = "FILE", description = "Appends the result as one JSON line to this file.")
    Path out;

    @Option(names = "--tag", defaultValue = "", paramLabel = "TEXT", description = "Free text recorded in the JSON line.")
    String tag;

    /** A healthy step allocates next to nothing; boxed vectors in a compiled kernel, megabytes. */
    private static final long BOXING_SUSPECT_BYTES = 1 << 20;

    @Override
    public Integer call() throws IOException {
        BenchWorkload w = parseWorkload();
        boolean train = switch (mode) {
            case "train" -> true;
            case "infer" -> false;
            default -> throw new ParameterException(spec.commandLine(), "--mode must be train or infer, not '" + mode + "'");
        };
        if (repeats < 1 || minSteps < 1 || steps < 0 || batches < 1 || minWarmupSteps < 0 || !(warmupSec >= 0)
                || !(repeatSec > 0) || !Double.isFinite(warmupSec + repeatSec)) {
            throw new ParameterException(spec.commandLine(), "--repeats, --min-steps and --batches must be at least 1,"
                    + " --steps, --min-warmup-steps and --warmup-sec not negative, --repeat-sec positive (seconds: finite numbers)");
        }
        if (w == BenchWorkload.SHAMPOO) {           // as the workload is defined: steps/s over 3000 steps
            steps = steps == 0 ? 3000 : steps;
            minWarmupSteps = Math.max(minWarmupSteps, 1000);
            batches = Math.max(batches, 36);         // 36 "months", cycled
        }
        PrintWriter o = spec.commandLine().getOut();

        double commandStart = secondsSinceJvmStart(System.nanoTime());
        CellChoice layers = cell != null ? cell : CellChoice.lstm;
        Sequential model = w.model(layers, 1).build();    // the weights' initialization, counted here rather than in the first step
        double modelBuilt = secondsSinceJvmStart(System.nanoTime());
        Tensor[][] data = w.batches(batches);
        double dataReady = secondsSinceJvmStart(System.nanoTime());
        int outputRows = w.batch;
        Step step = train
                ? i -> model.trainOnBatch(data[i % data.length][0], data[i % data.length][1])
                : i -> model.predict(data[i % data.length][0], outputRows);

        o.printf(Locale.ROOT, "[%s] %s(B=%d,T=%d,in=%d,H=%d,out=%d%s) %s: warm-up >= %.1fs / %d steps%n", PEER, w.id(),
                w.batch, w.seqLen, w.input, w.hidden, w.output, cellNote(","), mode, warmupSec, minWarmupSteps);
        o.printf(Locale.ROOT, "[%s] setup after JVM start: command %.3fs, model built %.3fs, data ready %.3fs%n",
                PEER, commandStart, modelBuilt, dataReady);
        o.flush();
        int probeThreads = Parallel.threads();
        double[] probeStart = MemoryProbe.copyMicros(probeThreads);
        int it = 0;
        Stamps stamps = new Stamps();
        long start = System.nanoTime();
        stamps.add(start);
        long firstDone = start;
        while (it < minWarmupSteps || (System.nanoTime() - start) / 1e9 < warmupSec) {
            step.run(it++);
            long now = System.nanoTime();
            stamps.add(now);
            if (it == 1) {
                firstDone = now;
            }
        }
        int n = it;
        double warmupTotal = (stamps.last() - start) / 1e9;
        double firstStep = n > 0 ? (firstDone - start) / 1e9 : 0;
        double firstStepDone = n > 0 ? secondsSinceJvmStart(firstDone) : 0;
        double stepSec = n > 0 ? stamps.lateStepSeconds() : 0;  // the last quarter of the warm-up: the settled step time
        int perRepeat = steps > 0 ? steps : Math.max(minSteps, stepSec > 0 ? (int) Math.round(repeatSec / stepSec) : minSteps);
        o.printf(Locale.ROOT, "[%s] warm-up: %d steps in %.2fs (first step %.3fs, done %.3fs after JVM start; late steps %.4fs); timing %d repeats x %d steps%n",
                PEER, it, warmupTotal, firstStep, firstStepDone, stepSec, repeats, perRepeat);
        o.flush();

        double[] probeBefore = MemoryProbe.copyMicros(probeThreads);
        double[] sps = new double[repeats];
        double load = ProcStats.loadAverage();
        double[] machine0 = ProcStats.machineCpuSeconds();
        double cpu0 = ProcStats.processCpuSeconds();
        long alloc0 = ProcStats.allocatedBytes(), gcs0 = ProcStats.collections();
        long wall0 = System.nanoTime();
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < perRepeat; s++) {
                step.run(it++);
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            sps[r] = (double) perRepeat * w.batch / sec;
            o.printf(Locale.ROOT, "[%s]   repeat %d: %.2f samples/s (%.3fs)%n", PEER, r, sps[r], sec);
            o.flush();
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double[] probeAfter = MemoryProbe.copyMicros(probeThreads);
        long allocPerStep = (ProcStats.allocatedBytes() - alloc0) / ((long) perRepeat * repeats);
        long gcs = ProcStats.collections() - gcs0;
        int recompilations = KernelsProvider.get().recompilations();
        o.printf(Locale.ROOT, "[%s] while timed: %d bytes allocated per step, %d garbage collections (kernels recompiled: %d)%n",
                PEER, allocPerStep, gcs, recompilations);
        boolean boxingSeen = KernelsProvider.get().boxingSeen();
        boolean boxingSuspected = allocPerStep > BOXING_SUSPECT_BYTES;
        if (boxingSuspected) {
            o.printf(Locale.ROOT, "[%s] note: %.1f MB per step, where a step allocates a few KB: a vector kernel compiled with"
                    + " boxed vectors (this JVM: %s): right results, many times slower; restart the JVM (JDK 25 if you can) and"
                    + " report it with this JSON line (docs/performance.md, \"Boxed vectors on JDK 17\").%n", PEER, allocPerStep / 1e6, Runtime.version());
        }
        double ownCpu = ProcStats.processCpuSeconds() - cpu0;
        double[] machine1 = ProcStats.machineCpuSeconds();
        double cpuUtil = ownCpu / wall;
        double foreignCpu = Math.max(0, (machine1[0] - machine0[0] - ownCpu) / wall);  // everyone else, in cores
        double stealCpu = (machine1[1] - machine0[1]) / wall;

        double[] sorted = sps.clone();
        Arrays.sort(sorted);
        int k = sorted.length;
        double median = k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
        double gflops = median * w.flopsPerBatch(layers, train) / w.batch / 1e9;
        double peakMb = ProcStats.statusKb("VmHWM") / 1024.0;

        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("peer", PEER);
        rec.put("tag", tag);
        rec.put("workload", w.id());
        rec.put("mode", mode);
        if (cell != null) {
            rec.put("cell", cell.name());
        }
        rec.put("batch", w.batch);
        rec.put("seq_len", w.seqLen);
        rec.put("hidden", w.hidden);
        rec.put("warmup_steps", it - perRepeat * repeats);
        rec.put("warmup_s", round(warmupTotal, 3));
        rec.put("first_step_s", round(firstStep, 4));
        rec.put("first_step_done_since_jvm_start_s", round(firstStepDone, 4));
        rec.put("command_start_since_jvm_start_s", round(commandStart, 4));
        rec.put("model_built_since_jvm_start_s", round(modelBuilt, 4));
        rec.put("data_ready_since_jvm_start_s", round(dataReady, 4));
        rec.put("steps_per_repeat", perRepeat);
        rec.put("samples_per_s", rounded(sps, 3));
        rec.put("median", round(median, 3));
        rec.put("min", round(sorted[0], 3));
        rec.put("max", round(sorted[k - 1], 3));
        rec.put("steps_per_s_median", round(median / w.batch, 3));
        rec.put("gflops_median", round(gflops, 3));
        rec.put("cpu_util", round(cpuUtil, 3));
        rec.put("foreign_cpu", round(foreignCpu, 3));
        rec.put("steal_cpu", round(stealCpu, 3));
        rec.put("loadavg1_before", load);
        Map<String, double[]> probe = new LinkedHashMap<>();  // the machine's own speed, per thread: see MemoryProbe
        probe.put("start", rounded(probeStart, 3));
        probe.put("before_timed", rounded(probeBefore, 3));
        probe.put("after_timed", rounded(probeAfter, 3));
        rec.put("copy_64k_us", probe);
        rec.put("alloc_bytes_per_step", allocPerStep);
        rec.put("gcs_timed", gcs);
        rec.put("os_threads", ProcStats.statusKb("Threads"));
        rec.put("vmhwm_mb", round(peakMb, 1));
        rec.put("vmrss_mb", round(ProcStats.statusKb("VmRSS") / 1024.0, 1));
        rec.put("java", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        rec.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        KernelsBanner kernels = KernelsBanner.describe();
        rec.put("kernels", kernels.name());
        rec.put("gemm_blocking", kernels.blocking());
        rec.put("cpu", ProcStats.cpuModel());
        rec.put("kernel_recompilations", recompilations);
        rec.put("kernel_boxing_seen", boxingSeen);           // by the kernels' own watch, at any time
        rec.put("boxing_suspected", boxingSuspected);        // the timed steps allocated over 1 MB each
        rec.put("kernel_threads", kernels.threads());
        rec.put("available_processors", Runtime.getRuntime().availableProcessors());
        String json = new ObjectMapper().writeValueAsString(rec);

        o.printf(Locale.ROOT, "RESULT peer=%s workload=%s mode=%s%s median=%.2f samples/s (min %.2f, max %.2f)"
                        + " steps/s=%.3f GFLOP/s=%.2f cpu_util=%.2f foreign_cpu=%.2f peakRSS=%.0fMB%n",
                PEER, w.id(), mode, cellNote(" "), median, sorted[0], sorted[k - 1], median / w.batch, gflops, cpuUtil, foreignCpu, peakMb);
        o.println("JSON " + json);
        o.flush();
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return 0;
    }

    private BenchWorkload parseWorkload() {
        for (BenchWorkload w : BenchWorkload.values()) {
            if (w.id().equalsIgnoreCase(workload)) {
                return w;
            }
        }
        throw new ParameterException(spec.commandLine(), "--workload must be imdb, addition, shampoo or large, not '" + workload + "'");
    }

    /** {@code separator + "cell=" + name} when {@code --cell} was given; else nothing, as the LSTM workloads always printed. */
    private String cellNote(String separator) {
        return cell != null ? separator + "cell=" + cell.name() : "";
    }

    private static double[] rounded(double[] v, int digits) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = round(v[i], digits);
        }
        return r;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** One training or inference step on batch number i (cycled). */
    @FunctionalInterface
    private interface Step {
        void run(int i);
    }

    /**
     * The end time of every warm-up step, in bounded memory: when full, every second stamp is
     * dropped and the stride doubles (shampoo runs millions of warm-up steps; boxed, their stamps
     * would dominate the process's peak RSS).
     */
    static final class Stamps {
        /** kept[i] is the stamp of index i·stride (index 0: the start, index k: the end of step k). */
        private final long[] kept = new long[1 << 12];
        private int size, stride = 1;
        private long count, last;

        void add(long nanos) {
            if (count % stride == 0) {
                if (size == kept.length) {
                    for (int i = 0; i < size / 2; i++) {
                        kept[i] = kept[2 * i];
                    }
                    size /= 2;
                    stride *= 2;
                }
                if (count % stride == 0) {
                    kept[size++] = nanos;
                }
            }
            count++;
            last = nanos;
        }

        long last() {
            return last;
        }

        /** Mean step time over (about) the last quarter of the steps. */
        double lateStepSeconds() {
            long end = count - 1, tail = Math.max(1, end / 4);
            int j = (int) ((end - tail) / stride);
            long steps = end - (long) j * stride;
            return steps > 0 ? (last - kept[j]) / 1e9 / steps : 0;
        }
    }

    /** Seconds from the JVM's start (as the runtime records it) to the moment {@code nanoTime} was read. */
    private static double secondsSinceJvmStart(long nanoTime) {
        long nowMillis = System.currentTimeMillis() - (System.nanoTime() - nanoTime) / 1_000_000;
        return (nowMillis - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
    }
}

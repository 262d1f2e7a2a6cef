package dev.recurrent.cli.demos;

import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.GateSaturation;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.loss.MeanSquaredError;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.GradientFlowRecorder;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import dev.recurrent.optim.Adam;
import dev.recurrent.optim.Optimizer;
import dev.recurrent.optim.SGD;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static dev.recurrent.cli.demos.GradientsTasks.*;

/**
 * Vanishing and exploding gradients made visible. Part 1: Hochreiter & Schmidhuber's adding problem
 * (T steps of a value in [0, 1] and a marker, two marked steps, one in each half; the target is their
 * sum; baseline: always 1.0, MSE ≈ 1/6), or with {@code --task recall} the "recall the first symbol"
 * task (the first of T one-hot symbols out of K is the class to predict at the end; the T−1 after it
 * are random distractors; chance is 1/K), learnt by a SimpleRNN, an LSTM and a GRU of the same size for
 * growing T, with the gradient norm ‖∂L/∂h_t‖ reaching each step during the first epoch
 * ({@link GradientFlowRecorder}) and the LSTM/GRU gate saturation. Part 2: a SimpleRNN whose
 * recurrent kernel is scaled above 1, trained with SGD with and without global-norm clipping, with
 * the global gradient norm of every batch ({@link FitOptions#recordGradientNorms}).
 */
@Command(name = "gradients", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Vanishing and exploding gradients: SimpleRNN, LSTM and GRU on a long-range memory task",
                "(the adding problem, or recall the first symbol after T steps), the gradient norm per time step,",
                "and clipping."})
public final class GradientsDemo implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--task", defaultValue = "adding",
            description = "Part 1 task: adding (Hochreiter & Schmidhuber's adding problem, MSE) or recall (the first"
                    + " symbol, accuracy) (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--cells", split = ",", defaultValue = "simple_rnn,lstm,gru",
            description = "Cells to compare (default: ${DEFAULT-VALUE}).")
    List<String> cells;

    @Option(names = "--lengths", split = ",", defaultValue = "10,25,50,100",
            description = "Sequence lengths T (default: ${DEFAULT-VALUE}).")
    List<Integer> lengths;

    @Option(names = "--units", defaultValue = "16", description = "Units of each recurrent layer (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs per model (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--samples", defaultValue = "2048", description = "Training sequences (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--scale", defaultValue = "2.0",
            description = "Part 2: the factor on the SimpleRNN's recurrent kernel (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--clip", defaultValue = "1.0", description = "Part 2: global_clipnorm (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--explode-length", defaultValue = "25",
            description = "Part 2: the sequence length T (default: ${DEFAULT-VALUE}).")
    int explodeLength;

    @Option(names = "--explode-lr", defaultValue = "0.1",
            description = "Part 2: the SGD learning rate (default: ${DEFAULT-VALUE}).")
    double explodeLr;

    @Option(names = "--lr", defaultValue = "0.01", description = "Part 1: the Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of data, weights and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quick", description = "A small run for tests: T 10 and 25, 8 units, 3 epochs, 256 sequences.")
    boolean quick;

    @Mixin
    DemoOptions options;

    private static Recurrent cell(String name, int units, long seed) {
        return switch (name) {
            case "simple_rnn" -> SimpleRNN.builder(units).seed(seed).build();
            case "lstm" -> LSTM.builder(units).seed(seed).build();
            case "gru" -> GRU.builder(units).seed(seed).build();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Override
    public Integer call() {
        if (quick) {
            lengths = List.of(10, 25);
            units = 8;
            epochs = 3;
            samples = 256;
        }
        options.requireAtLeast("--units", units, 1);
        options.requireAtLeast("--epochs", epochs, 1);
        options.requireAtLeast("--samples", samples, 8);
        if (!task.equals("adding") && !task.equals("recall")) {
            throw new ParameterException(spec.commandLine(), "--task: expected adding or recall, got '" + task + "'");
        }
        boolean adding = task.equals("adding");
        for (String c : cells) {
            if (!List.of("simple_rnn", "lstm", "gru").contains(c)) {
                throw new ParameterException(spec.commandLine(), "--cells: expected simple_rnn, lstm or gru, got '" + c + "'");
            }
        }
        options.requireAtLeast("--explode-length", explodeLength, 2);
        options.requirePositive("--lr", lr);
        options.requirePositive("--explode-lr", explodeLr);
        options.requirePositive("--clip", clip);
        if (!Double.isFinite(scale)) {
            throw new ParameterException(spec.commandLine(), "--scale must be a finite number, got " + scale);
        }
        for (int t : lengths) {
            options.requireAtLeast("--lengths", t, 2);
        }
        DemoSession session = new DemoSession(options, spec);
        PrintWriter out = session.out();
        RunDirectory run = session.createRunDirectory();
        HtmlReport report = session.report("gradients");
        String command = "recurrent demo gradients --task " + task + " --cells " + String.join(",", cells) + " --lengths "
                + String.join(",", lengths.stream().map(String::valueOf).toList()) + " --units " + units + " --epochs "
                + epochs + " --samples " + samples + " --lr " + lr + " --scale " + scale + " --clip " + clip + " --explode-length " + explodeLength
                + " --explode-lr " + explodeLr + " --seed " + seed;
        report.setting("command", command)
                .setting("task", adding
                        ? "adding problem: T steps of (value in [0, 1], marker); two marked steps, one in each half;"
                                + " target their sum; baseline (always 1.0) MSE ≈ 0.167; solved: test MSE < " + SOLVED_MSE
                        : "recall the first of T symbols (" + SYMBOLS + " one-hot symbols, then T−1 random distractors from "
                                + DISTRACTORS + " others); chance = " + 100 / SYMBOLS + "%")
                .setting("networks", "cell(" + units + ") → " + (adding ? "Dense(1), mean squared error," : "Dense(" + SYMBOLS
                        + ", softmax), categorical cross-entropy,")
                        + " Adam (lr " + lr + "), batch 32, " + epochs + " epochs, " + samples + " training and "
                        + samples / 4 + " test sequences");
        session.environment(false);
        report.write();
        if (adding) {
            out.printf("Gradients through time: the adding problem (sum of the 2 marked values of T; baseline MSE ≈ 0.167,"
                    + " solved: MSE < %s)%n", SOLVED_MSE);
        } else {
            out.printf("Gradients through time: recall the first of T symbols (%d symbols, chance %.0f%%)%n", SYMBOLS, 100.0 / SYMBOLS);
        }
        out.printf("cells %s, T %s, %d units, %d epochs, %d sequences, seed %d; writing to %s%n",
                cells, lengths, units, epochs, samples, seed, run);
        session.startClock();

        // ---- part 1: accuracy against T, and the gradient by time step
        double[][] accuracy = new double[cells.size()][lengths.size()];
        double[] baseline = new double[lengths.size()];
        int longest = lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Map<String, double[]> flow = new LinkedHashMap<>();
        List<List<String>> gateRows = new ArrayList<>();
        gateRows.add(List.of("cell", "gate", "< 0.05 (tanh: < −0.95)", "> 0.95", "saturated"));
        for (int li = 0; li < lengths.size(); li++) {
            int steps = lengths.get(li);
            Tensor[] train = adding ? addingTask(samples, steps, seed * 1000 + steps) : recallTask(samples, steps, seed * 1000 + steps);
            Tensor[] test = adding ? addingTask(samples / 4, steps, seed * 1000 + steps + 1)
                    : recallTask(samples / 4, steps, seed * 1000 + steps + 1);
            baseline[li] = adding ? addingBaseline(test[1]) : 1.0 / SYMBOLS;
            for (int ci = 0; ci < cells.size(); ci++) {
                String c = cells.get(ci);
                Recurrent layer = cell(c, units, seed);
                Sequential model = adding
                        ? new Sequential().input(steps, ADDING_FEATURES).seed(seed).add(layer).add(Dense.of(1))
                                .compile(new Adam(lr), new MeanSquaredError())
                        : new Sequential().input(steps, FEATURES).seed(seed).add(layer)
                                .add(Dense.of(SYMBOLS, "softmax"))
                                .compile(new Adam(lr), new CategoricalCrossentropy(), "accuracy");
                GradientFlowRecorder rec = GradientFlowRecorder.perEpoch();
                model.fit(train[0], train[1], FitOptions.defaults().epochs(epochs).batchSize(32).callbacks(rec));
                accuracy[ci][li] = model.evaluate(test[0], test[1], 64).get(adding ? "loss" : "accuracy");
                if (adding) {
                    out.printf("  T=%-4d %-10s test MSE %.4f (baseline %.4f)%s%n", steps, c, accuracy[ci][li], baseline[li],
                            accuracy[ci][li] < SOLVED_MSE ? ", solved" : "");
                } else {
                    out.printf("  T=%-4d %-10s test accuracy %6.2f%%%n", steps, c, accuracy[ci][li] * 100);
                }
                out.flush();
                if (steps == longest) {
                    GradientFlowRecorder.Entry first = rec.entries(layer.name()).get(0);
                    flow.put(c + " ‖∂L/∂h_t‖", first.hiddenNorms());
                    if (first.cellNorms() != null) {
                        flow.put(c + " ‖∂L/∂c_t‖", first.cellNorms());
                    }
                    if (!c.equals("simple_rnn")) {
                        for (GateSaturation.Gate g : GateSaturation.of(layer)) {
                            gateRows.add(List.of(c, g.name(), pct(g.low()), pct(g.high()), pct(g.saturated())));
                        }
                    }
                }
            }
        }
        List<List<String>> accRows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("cell"));
        lengths.forEach(t -> header.add("T = " + t));
        accRows.add(header);
        if (adding) {
            out.printf("%nTest MSE (baseline, always 1.0: %s; solved: < %s, marked *):%n%-12s",
                    String.join(" / ", java.util.Arrays.stream(baseline).mapToObj(b -> String.format(Locale.ROOT, "%.3f", b)).toList()),
                    SOLVED_MSE, "cell");
        } else {
            out.printf("%nTest accuracy (chance %.0f%%):%n%-12s", 100.0 / SYMBOLS, "cell");
        }
        lengths.forEach(t -> out.printf("%9s", "T=" + t));
        out.println();
        Map<String, double[]> accSeries = new LinkedHashMap<>();
        double[] xs = lengths.stream().mapToDouble(Integer::doubleValue).toArray();
        for (int ci = 0; ci < cells.size(); ci++) {
            List<String> row = new ArrayList<>(List.of(cells.get(ci)));
            out.printf("%-12s", cells.get(ci));
            double[] pcts = new double[lengths.size()];
            for (int li = 0; li < lengths.size(); li++) {
                String v = adding ? mse(accuracy[ci][li]) : pct(accuracy[ci][li]);
                row.add(v);
                out.printf("%9s", v);
                pcts[li] = adding ? accuracy[ci][li] : accuracy[ci][li] * 100;
            }
            out.println();
            accRows.add(row);
            accSeries.put(cells.get(ci), pcts);
        }
        String byLength = adding ? "mse-by-length.png" : "accuracy-by-length.png";
        if (adding) {
            List<String> row = new ArrayList<>(List.of("baseline (1.0)"));
            for (double b : baseline) {
                row.add(String.format(Locale.ROOT, "%.4f", b));
            }
            accRows.add(row);
            accSeries.put("baseline (always 1.0)", baseline.clone());
            accSeries.put("solved (" + SOLVED_MSE + ")", constant(lengths.size(), SOLVED_MSE));
            Plots.lines(run.file(byLength), "Adding problem: test MSE against the sequence length",
                    "sequence length T", "test MSE (lower is better)", xs, accSeries, null);
        } else {
            accSeries.put("chance", constant(lengths.size(), 100.0 / SYMBOLS));
            Plots.lines(run.file(byLength), "Recall: test accuracy against the sequence length",
                    "sequence length T", "test accuracy (%)", xs, accSeries, null);
        }
        double[] steps = new double[longest];
        for (int t = 0; t < longest; t++) {
            steps[t] = t + 1;
        }
        Plots.logLines(run.file("gradient-by-step.png"), "Gradient reaching each step, first epoch, T = " + longest,
                "time step t", "norm (log scale)", steps, flow);
        out.printf("%nGradient reaching h_t in the first epoch (T = %d), step 1 against step T:%n", longest);
        List<List<String>> flowRows = new ArrayList<>();
        flowRows.add(List.of("series", "step 1", "step T/2", "step T (c: T−1)", "ratio step 1 / last"));
        for (Map.Entry<String, double[]> e : flow.entrySet()) {
            double[] f = e.getValue();
            // ∂L/∂c_T is 0 (nothing after the last step uses c_T): the LSTM's c is compared with step T−1
            int end = f[longest - 1] > 0 || longest < 2 ? longest - 1 : longest - 2;
            double ratio = f[0] / f[end];
            out.printf("  %-22s %.2e at t=1, %.2e at t=%d: ratio %.2e%n", e.getKey(), f[0], f[end], end + 1, ratio);
            flowRows.add(List.of(e.getKey(), sci(f[0]), sci(f[longest / 2]), sci(f[end]), sci(ratio)));
        }
        report.section(adding ? "Part 1: the adding problem" : "Part 1: remembering the first symbol")
                .paragraph(adding
                        ? "Each step holds a random value in [0, 1] and a marker; two steps are marked, one in each half,"
                                + " and the model must output the sum of the two marked values at the end (Hochreiter &"
                                + " Schmidhuber, 1997). The gradient has to travel back up to T steps to reach the first"
                                + " marked value: in a plain RNN it shrinks by a steady factor per step, and beyond some T"
                                + " the model stays at the baseline of always answering 1.0 (MSE ≈ 0.167). Test MSE,"
                                + " solved: < " + SOLVED_MSE + "."
                        : "Each model sees T one-hot symbols and must name the first one at the end. The gradient"
                                + " of the loss has to travel back T steps to reach it: in a plain RNN it shrinks by a"
                                + " steady factor per step, and beyond some T the model stays at chance.")
                .table(accRows)
                .image(byLength, adding ? "Test MSE against T" : "Test accuracy against T")
                .paragraph("The norm of ∂L/∂h_t (and ∂L/∂c_t for the LSTM) over the batch, mean over the batches of"
                        + " the first epoch, for T = " + longest + ", by time step (log scale).")
                .table(flowRows)
                .image("gradient-by-step.png", "Gradient norm by time step")
                .paragraph("Gate saturation after training at T = " + longest + ", on the last test batch: the share"
                        + " of gate values at the flat ends of the sigmoid (tanh for the candidate).")
                .table(gateRows);
        report.write();

        // ---- part 2: exploding gradients and clipping
        int explodeT = explodeLength;
        out.printf("%nExploding gradients: SimpleRNN(%d), recurrent kernel x %.2f, T = %d, SGD lr %s, with and without"
                + " global_clipnorm %.2f (chance: loss ln %d = %.4f)%n", units, scale, explodeT, explodeLr, clip, SYMBOLS,
                Math.log(SYMBOLS));
        Tensor[] data = recallTask(samples, explodeT, seed * 7 + 3);
        Map<String, double[]> losses = new LinkedHashMap<>(), norms = new LinkedHashMap<>();
        List<List<String>> explodeRows = new ArrayList<>();
        explodeRows.add(List.of("training", "final loss", "final training accuracy", "max grad norm", "max after clipping", "median grad norm"));
        for (boolean clipped : new boolean[] {false, true}) {
            Recurrent rnn = SimpleRNN.builder(units).seed(seed).build();
            Optimizer opt = clipped ? SGD.builder().learningRate(explodeLr).globalClipnorm(clip).build() : new SGD(explodeLr);
            Sequential model = new Sequential().input(explodeT, FEATURES).seed(seed).add(rnn)
                    .add(Dense.of(SYMBOLS, "softmax")).compile(opt, new CategoricalCrossentropy(), "accuracy").build();
            float[] u = rnn.parameters().get(1).value();
            for (int i = 0; i < u.length; i++) {
                u[i] *= (float) scale;
            }
            History h = model.fit(data[0], data[1], FitOptions.defaults().epochs(epochs).batchSize(32).recordGradientNorms(true));
            String name = clipped ? "clipped at " + clip : "no clipping";
            losses.put(name, h.get("loss").stream().mapToDouble(Double::doubleValue).toArray());
            double[] before = h.batchValues("grad_norm").stream().mapToDouble(Double::doubleValue).toArray();
            double[] after = h.batchValues("grad_norm_clipped").stream().mapToDouble(Double::doubleValue).toArray();
            norms.put(name + ": before clipping", before);
            if (clipped) {
                norms.put(name + ": after clipping", after);
            }
            double maxBefore = max(before), maxAfter = max(after), median = median(before);
            out.printf("  %-16s final loss %.4f, training accuracy %5.1f%%, grad norm max %.3g (after clipping %.3g), median %.3g%n",
                    name, h.last("loss"), h.last("accuracy") * 100, maxBefore, maxAfter, median);
            explodeRows.add(List.of(name, String.format(Locale.ROOT, "%.4f", h.last("loss")), pct(h.last("accuracy")), sci(maxBefore), sci(maxAfter), sci(median)));
        }
        double[] epochX = new double[losses.values().iterator().next().length];
        for (int i = 0; i < epochX.length; i++) {
            epochX[i] = i + 1;
        }
        Plots.lines(run.file("exploding-loss.png"), "SimpleRNN, recurrent kernel x " + scale + ": training loss", "epoch",
                "loss", epochX, losses, null);
        double[] batchX = new double[norms.values().iterator().next().length];
        for (int i = 0; i < batchX.length; i++) {
            batchX[i] = i + 1;
        }
        Plots.logLines(run.file("exploding-grad-norm.png"), "Global gradient norm per batch", "batch",
                "norm (log scale)", batchX, norms);
        report.section("Part 2: exploding gradients and clipping")
                .paragraph("A SimpleRNN whose recurrent kernel is multiplied by " + scale + " (T = " + explodeT
                        + ", SGD lr " + explodeLr + "), trained without and with global_clipnorm " + clip + ". The history records"
                        + " the global gradient norm of every batch before and after clipping.")
                .table(explodeRows)
                .image("exploding-loss.png", "Training loss per epoch")
                .image("exploding-grad-norm.png", "Global gradient norm per batch");
        String took = Durations.format(System.nanoTime() - session.started());
        report.status("Finished in " + took + ".");
        report.write();
        out.printf("%nFinished in %s. Report: %s%n", took, report.file());
        out.flush();
        return 0;
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String mse(double v) {
        return String.format(Locale.ROOT, "%.4f", v) + (v < SOLVED_MSE ? "*" : "");
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.2e", v);
    }
}

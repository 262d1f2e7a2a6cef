package dev.recurrent.cli.demos;

import dev.recurrent.cli.demos.AdditionDemo.Result;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.RunDirectory;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.recurrent.cli.demos.AdditionDemo.SHOWN;
import static dev.recurrent.cli.demos.AdditionDemo.TARGET_EXACT;
import static dev.recurrent.cli.demos.AdditionDemo.epochs;
import static dev.recurrent.cli.demos.AdditionDemo.f4;
import static dev.recurrent.cli.demos.AdditionDemo.percent;

/**
 * The end of {@code demo addition}: every network's held-out exact match per epoch (console table
 * and {@code exact-match.png}, all networks on one plot), the epochs each needed to reach 99% (console
 * and the report's table), and the plots of the questions shown and of the accuracy per character.
 */
final class AdditionComparison {
    private AdditionComparison() {
    }

    static void summarize(List<Result> results, int heldOut, PrintWriter out, RunDirectory run,
                          HtmlReport report) {
        results = results.stream().filter(r -> r.epochsRun() > 0).toList();
        if (results.isEmpty()) {
            return;
        }
        int maxEpochs = results.stream().mapToInt(Result::epochsRun).max().orElse(0);
        double[] x = new double[maxEpochs];
        for (int i = 0; i < maxEpochs; i++) {
            x[i] = i + 1;
        }
        out.printf("%nPer epoch: the %,d held-out questions answered entirely right (exact match)%n", heldOut);
        out.print(exactTable(results, maxEpochs));
        String target = percent(TARGET_EXACT);
        out.printf("%nEpochs to %s exact match on the held-out questions:%n", target);
        int width = results.stream().mapToInt(r -> r.network().label().length()).max().orElse(0);
        for (Result r : results) {
            out.printf("%-" + width + "s  %s (%s in %s)%n", r.network().label(), epochsTo(r), epochs(r.epochsRun()),
                    Durations.format(r.nanos()));
        }
        out.flush();

        Map<String, double[]> exact = new LinkedHashMap<>(), correct = new LinkedHashMap<>(),
                valAcc = new LinkedHashMap<>();
        for (Result r : results) {
            String label = r.network().label();
            exact.put(label, padded(Arrays.stream(r.exactMatch()).map(v -> v * 100).toArray(), maxEpochs));
            correct.put(label, padded(Arrays.stream(r.correctOf10()).asDoubleStream().toArray(), maxEpochs));
            valAcc.put(label, padded(r.valAccuracy(), maxEpochs));
        }
        Plots.lines(run.file("exact-match.png"), "Held-out questions answered entirely right", "epoch",
                "exact match (%)", x, exact, null, new double[] {0, 100});
        Plots.lines(run.file("correct-of-10.png"), "Held-out questions answered right, of " + SHOWN, "epoch",
                "right answers of " + SHOWN, x, correct, null, new double[] {0, SHOWN});
        Plots.lines(run.file("val-accuracy.png"), "Validation accuracy per character", "epoch", "val_accuracy", x, valAcc,
                null);

        List<List<String>> reached = new ArrayList<>();
        reached.add(List.of("network", "epochs to " + target + " exact match", "best exact match",
                AdditionDemo.percent(AdditionDemo.TARGET_ACCURACY) + " per character", "parameters", "training"));
        for (Result r : results) {
            int at = r.firstEpochAtLeast(AdditionDemo.TARGET_ACCURACY);
            reached.add(List.of(r.network().label(), epochsTo(r),
                    String.format(Locale.ROOT, "%.2f%%", r.bestExact() * 100),
                    at > 0 ? "epoch " + at : "not reached", String.format(Locale.ROOT, "%,d", r.params()),
                    epochs(r.epochsRun()) + " in " + Durations.format(r.nanos())));
        }
        report.summary("Comparison")
                .paragraph("Epochs to " + target + ": the first epoch after which at least " + target + " of the "
                        + String.format(Locale.ROOT, "%,d", heldOut) + " held-out questions were answered entirely"
                        + " right (repeat: the network's answer; seq2seq: greedy decoding, one character at a time)."
                        + " Per character, the seq2seq networks' validation accuracy is teacher-forced (each step reads"
                        + " the right characters before it).")
                .table(reached)
                .image("exact-match.png", "Held-out questions answered entirely right, per epoch, every network")
                .image("correct-of-10.png", "The " + SHOWN + " random held-out questions shown after each epoch: how"
                        + " many were answered right")
                .image("val-accuracy.png", "Validation accuracy per character, per epoch")
                .table(epochRows(results, maxEpochs));
    }

    /** "epoch 12", or "not reached in 30 epochs". */
    static String epochsTo(Result r) {
        int at = r.firstExactAtLeast(TARGET_EXACT);
        return at > 0 ? "epoch " + at : "not reached in " + epochs(r.epochsRun());
    }

    /** Exact match per epoch, a column per network, headed by its cell and architecture. */
    private static String exactTable(List<Result> results, int maxEpochs) {
        StringBuilder cells = new StringBuilder(String.format("%6s", "")), architectures = new StringBuilder(
                String.format("%6s", "epoch"));
        int[] widths = new int[results.size()];
        for (int i = 0; i < results.size(); i++) {
            AdditionDemo.Network n = results.get(i).network();
            widths[i] = Math.max(8, n.cell().type().length());
            cells.append(String.format("  %" + widths[i] + "s", n.cell().type()));
            architectures.append(String.format("  %" + widths[i] + "s", n.architecture().option));
        }
        StringBuilder table = new StringBuilder().append(cells).append('\n').append(architectures).append('\n');
        for (int e = 0; e < maxEpochs; e++) {
            table.append(String.format("%6d", e + 1));
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                String v = e < r.epochsRun() ? String.format(Locale.ROOT, "%.2f%%", r.exactMatch()[e] * 100) : "-";
                table.append(String.format("  %" + widths[i] + "s", v));
            }
            table.append('\n');
        }
        return table.toString();
    }

    private static List<List<String>> epochRows(List<Result> results, int maxEpochs) {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("epoch"));
        for (Result r : results) {
            head.add(r.network().label() + ": exact match");
            head.add(r.network().label() + ": shown right");
            head.add(r.network().label() + ": val_accuracy");
        }
        rows.add(head);
        for (int e = 0; e < maxEpochs; e++) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(e + 1)));
            for (Result r : results) {
                boolean has = e < r.epochsRun();
                row.add(has ? String.format(Locale.ROOT, "%.2f%%", r.exactMatch()[e] * 100) : "-");
                row.add(has ? r.correctOf10()[e] + "/" + SHOWN : "-");
                row.add(has ? f4(r.valAccuracy()[e]) : "-");
            }
            rows.add(row);
        }
        return rows;
    }

    /** Values per epoch, NaN-padded to {@code n} (a network interrupted early has fewer). */
    private static double[] padded(double[] v, int n) {
        double[] p = Arrays.copyOf(v, n);
        Arrays.fill(p, v.length, n, Double.NaN);
        return p;
    }
}

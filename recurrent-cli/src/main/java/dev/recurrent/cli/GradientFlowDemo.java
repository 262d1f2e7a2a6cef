package dev.recurrent.cli;

import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.kernels.Parallel;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.SimpleRNN;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.Random;

/**
 * How much gradient reaches each input step from a loss on the last output, for a simple RNN, an
 * LSTM and a GRU with Keras' default initialisation: backpropagation through time made visible.
 */
@Command(name = "gradient-flow", mixinStandardHelpOptions = true,
        description = {"Backpropagates a loss on the last output of SimpleRNN, LSTM and GRU layers through time",
                "and shows how much gradient reaches each input step (why a plain RNN forgets)."})
final class GradientFlowDemo implements Runnable {

    @Option(names = "--steps", defaultValue = "60", description = "Time steps T (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--units", defaultValue = "32", description = "Units H of each layer (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--features", defaultValue = "8", description = "Input features I (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--batch", defaultValue = "32", description = "Sequences averaged over (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for weights and data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        if (steps < 2 || units < 1 || features < 1 || batch < 1) {
            throw new IllegalArgumentException("--steps must be at least 2 and --units, --features, --batch positive");
        }
        PrintStream out = System.out;
        out.printf("Gradient flow through time: %d steps, %d features, %d units, batch %d, seed %d%n",
                steps, features, units, batch, seed);
        out.printf("kernels: %s, threads: %d%n%n", KernelsProvider.get().name(), Parallel.threads());
        out.println("Loss = sum of the last output h_T. Shown: the mean size of dLoss/dx_t for each input step t,");
        out.println("relative to the last step (1.0), with Keras' default initialisation (before any training).");
        out.println("Whatever shrinks by a steady factor per step is forgotten: the first steps cannot be learnt from.\n");

        float[] x = new float[batch * steps * features];
        Random rnd = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        List<Recurrent> layers = List.of(SimpleRNN.builder(units).seed(seed).build(),
                LSTM.builder(units).seed(seed).build(), GRU.builder(units).seed(seed).build());
        double[][] flow = new double[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            flow[l] = gradientPerStep(layers.get(l), x);
        }

        out.printf("%8s  %-30s %-30s %-30s%n", "step", "simple_rnn", "lstm", "gru");
        int every = Math.max(1, steps / 20);
        for (int back = 0; back < steps; back += every) {
            int t = steps - 1 - back;
            StringBuilder row = new StringBuilder(String.format("%8s ", "T-" + back));
            for (double[] f : flow) {
                row.append(' ').append(bar(f[t] / f[steps - 1]));
            }
            out.println(row);
        }
        out.println();
        for (int l = 0; l < layers.size(); l++) {
            double[] f = flow[l];
            double ratio = f[0] / f[steps - 1];
            out.printf("%-10s gradient at step 1 is %.2e of the last step's: a factor %.3f per step back%n",
                    layers.get(l).name(), ratio, Math.pow(ratio, 1.0 / (steps - 1)));
        }
    }

    /** Mean over the batch of |dLoss/dx_t| (L2 over features), per step t. */
    private double[] gradientPerStep(Recurrent layer, float[] x) {
        layer.forward(x, batch, steps, features);
        float[] dy = new float[batch * units];
        java.util.Arrays.fill(dy, 1f);
        layer.zeroGrad();
        float[] dx = layer.backward(dy);
        double[] perStep = new double[steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                double s = 0;
                for (int i = 0; i < features; i++) {
                    double v = dx[(b * steps + t) * features + i];
                    s += v * v;
                }
                perStep[t] += Math.sqrt(s) / batch;
            }
        }
        return perStep;
    }

    /** A 20-character bar on a log scale from 1e-8 to 1, then the value. */
    private static String bar(double ratio) {
        double pos = ratio <= 0 ? 0 : Math.max(0, Math.min(1, 1 + Math.log10(ratio) / 8));
        int n = (int) Math.round(pos * 20);
        return String.format("%-20s %-9.2e", "#".repeat(n), ratio);
    }
}

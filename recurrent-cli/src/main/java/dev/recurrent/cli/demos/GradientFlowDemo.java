package dev.recurrent.cli.demos;

import dev.recurrent.cli.run.KernelsBanner;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.SimpleRNN;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How much gradient reaches each input step from a loss on the last output, for a simple RNN, an
 * LSTM and a GRU: backpropagation through time made visible. With Keras' default initialisation,
 * before training, all three lose the early steps geometrically, and the GRU fastest: its update gate
 * z = sigmoid(x·W_z + h·U_z), with a zero bias, is about 0.5, so each step keeps about half of h_{t−1}
 * and the gradient shrinks by about that factor per step; the LSTM's forget bias of 1 keeps about
 * sigmoid(1) = 0.73 of its cell. The gates are what training can change: opened (the forget bias or
 * the update-gate bias at {@link #OPEN_BIAS}), the LSTM and the GRU carry the gradient back over the
 * whole sequence, while the simple RNN has no gate to open (scaling its recurrent kernel up makes the
 * gradient explode instead: {@code demo gradients}).
 */
@Command(name = "gradient-flow", mixinStandardHelpOptions = true,
        description = {"Backpropagates a loss on the last output of SimpleRNN, LSTM and GRU layers through time",
                "and shows how much gradient reaches each input step: at Keras' default initialisation all three",
                "lose the early steps (the GRU fastest); with their gates opened, as training can set them, the LSTM",
                "and the GRU carry the gradient back, and the plain RNN has no gate to open."})
public final class GradientFlowDemo implements Runnable {
    /** The bias that opens a gate: sigmoid(3) = 0.95 of the state kept per step. */
    static final float OPEN_BIAS = 3f;

    @Spec
    CommandSpec spec;

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
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Gradient flow through time: %d steps, %d features, %d units, batch %d, seed %d%n",
                steps, features, units, batch, seed);
        out.printf("%s%n%n", KernelsBanner.describe().line());
        out.println("Loss = sum of the last output h_T. Shown: the mean size of dLoss/dx_t for each input step t,");
        out.println("relative to the last step (1.0). Whatever shrinks by a steady factor per step is forgotten:");
        out.println("the first steps cannot be learnt from.");

        float[] x = new float[batch * steps * features];
        Random rnd = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        List<String> names = List.of("simple_rnn", "lstm", "gru");
        out.println();
        out.println("1. Keras' default initialisation, before any training: all three forget. The GRU's update gate");
        out.println("   is about 0.5 (zero bias), so each step keeps about half of h; the LSTM's forget bias of 1");
        out.println("   keeps about 0.73 of its cell; the simple RNN's tanh, with a slope below 1, shrinks it each step.");
        flowTable(out, names, gradients(x, false));
        out.println();
        out.printf("2. The gates opened, as training can set them: the LSTM's forget-gate bias and the GRU's%n"
                + "   update-gate bias at %.0f (sigmoid %.2f of the state kept per step); the simple RNN has no gate.%n",
                OPEN_BIAS, 1 / (1 + Math.exp(-OPEN_BIAS)));
        flowTable(out, List.of("simple_rnn", "lstm (f open)", "gru (z open)"), gradients(x, true));
        out.flush();
    }

    /** dLoss/dx_t per step for a SimpleRNN, an LSTM and a GRU, with the gates opened or as initialised. */
    private double[][] gradients(float[] x, boolean gatesOpen) {
        List<Recurrent> layers = List.of(SimpleRNN.builder(units).seed(seed).build(),
                LSTM.builder(units).seed(seed).build(), GRU.builder(units).seed(seed).build());
        double[][] flow = new double[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            Recurrent layer = layers.get(l);
            layer.build(features);
            if (gatesOpen) {
                openGate(layer);
            }
            flow[l] = gradientPerStep(layer, x);
        }
        return flow;
    }

    /**
     * Sets the bias of the gate that keeps the state to {@link #OPEN_BIAS}: the LSTM's forget gate (gate order
     * i, f, c, o) and the GRU's update gate z (order z, r, h; its input bias, the first of the two rows).
     */
    private void openGate(Recurrent layer) {
        List<Parameter> p = layer.parameters();
        float[] bias = p.get(2).value().clone();
        if (layer instanceof LSTM) {
            Arrays.fill(bias, units, 2 * units, OPEN_BIAS);
        } else if (layer instanceof GRU) {
            Arrays.fill(bias, 0, units, OPEN_BIAS);
        } else {
            return;
        }
        layer.setWeights(p.get(0).value().clone(), p.get(1).value().clone(), bias);
    }

    private void flowTable(PrintWriter out, List<String> names, double[][] flow) {
        out.println();
        out.println(String.format("%8s  %-30s %-30s %-30s", "step", names.get(0), names.get(1), names.get(2)).stripTrailing());
        int every = Math.max(1, steps / 20);
        for (int back = 0; back < steps; back += every) {
            int t = steps - 1 - back;
            StringBuilder row = new StringBuilder(String.format("%8s ", "T-" + back));
            for (double[] f : flow) {
                row.append(' ').append(bar(f[t] / f[steps - 1]));
            }
            out.println(row.toString().stripTrailing());
        }
        out.println();
        for (int l = 0; l < flow.length; l++) {
            double[] f = flow[l];
            double ratio = f[0] / f[steps - 1];
            out.printf(Locale.ROOT, "%-14s gradient at step 1 is %.2e of the last step's: a factor %.3f per step back%n",
                    names.get(l), ratio, Math.pow(ratio, 1.0 / (steps - 1)));
        }
    }

    /** Mean over the batch of |dLoss/dx_t| (L2 over features), per step t. */
    private double[] gradientPerStep(Recurrent layer, float[] x) {
        layer.forward(x, batch, steps, features);
        float[] dy = new float[batch * units];
        Arrays.fill(dy, 1f);
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
        return String.format(Locale.ROOT, "%-20s %-9.2e", "#".repeat(n), ratio);
    }
}

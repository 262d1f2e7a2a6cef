package dev.recurrent.model;

import dev.recurrent.metrics.Mean;
import dev.recurrent.metrics.Metric;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running logs of an epoch or an evaluation: the loss, each output's loss when there are
 * several (Keras' {@code dense_loss}), and each output's metrics, in that order.
 */
final class EpochLogs {
    private final Mean total = new Mean("loss");
    private final Mean[] each;
    final List<List<Metric>> metrics;

    EpochLogs(Trainable model) {
        int k = model.outputCount();
        each = new Mean[k > 1 ? k : 0];
        for (int i = 0; i < each.length; i++) {
            each[i] = new Mean(model.outputLossKey(i));
        }
        metrics = model.newMetrics();
    }

    void reset() {
        total.reset();
        for (Mean m : each) {
            m.reset();
        }
        for (List<Metric> ms : metrics) {
            for (Metric m : ms) {
                m.reset();
            }
        }
    }

    /** Adds a batch of b samples: its loss and each output's loss (read only with several outputs; else may be null). */
    void update(double loss, double[] outputLosses, int b) {
        total.update(loss, b);
        for (int i = 0; i < each.length; i++) {
            each[i].update(outputLosses[i], b);
        }
    }

    Map<String, Double> logs() {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", total.result());
        for (Mean m : each) {
            logs.put(m.name(), m.result());
        }
        for (List<Metric> ms : metrics) {
            for (Metric m : ms) {
                logs.put(m.name(), m.result());
            }
        }
        return logs;
    }
}

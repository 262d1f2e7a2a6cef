package dev.recurrent.model;

import dev.recurrent.graph.Call;
import dev.recurrent.graph.Graph;
import dev.recurrent.graph.Node;
import dev.recurrent.layers.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras' functional summary: per input and per layer its name and type, output shape, parameters
 * and "Connected to" (the nodes each call takes, {@code layer[call][output]}; a shared layer has a
 * line per call), then totals.
 */
final class GraphSummary {

    private GraphSummary() {
    }

    static String table(String name, Graph graph) {
        List<String[]> rows = new ArrayList<>();
        for (Node in : graph.inputs()) {
            rows.add(new String[] {in.name() + " (InputLayer)", in.shapeText(), "0", "-"});
        }
        long total = 0;
        for (Map.Entry<Object, List<Call>> e : graph.callsByLayer().entrySet()) {
            List<Call> calls = e.getValue();
            Call first = calls.get(0);
            long params = 0;
            for (Parameter p : first.parameters()) {
                params += p.size();
            }
            total += params;
            for (int i = 0; i < calls.size(); i++) {
                rows.add(new String[] {
                        i == 0 ? first.name() + " (" + first.type() + ")" : "",
                        i == 0 ? shapes(first.outputs()) : "",
                        i == 0 ? String.format("%,d", params) : "",
                        connections(calls.get(i))});
            }
        }
        int[] w = {32, 24, 12, 24};
        for (String[] r : rows) {
            for (int c = 0; c < 4; c++) {
                w[c] = Math.max(w[c], r[c].length() + 2);
            }
        }
        String row = " %-" + w[0] + "s %-" + w[1] + "s %" + w[2] + "s  %-" + w[3] + "s%n";
        int width = w[0] + w[1] + w[2] + w[3] + 5;
        String rule = "_".repeat(width), thick = "=".repeat(width);
        StringBuilder s = new StringBuilder();
        s.append("Model: \"").append(name).append("\"\n").append(rule).append('\n');
        s.append(String.format(row, "Layer (type)", "Output Shape", "Param #", "Connected to"));
        s.append(thick).append('\n');
        for (String[] r : rows) {
            s.append(String.format(row, (Object[]) r).stripTrailing()).append('\n');
        }
        s.append(thick).append('\n');
        s.append(String.format("Total params: %,d%n", total));
        s.append(String.format("Trainable params: %,d%n", total));
        s.append("Non-trainable params: 0\n").append(rule).append('\n');
        return s.toString();
    }

    private static String shapes(List<Node> outputs) {
        if (outputs.size() == 1) {
            return outputs.get(0).shapeText();
        }
        List<String> s = new ArrayList<>();
        for (Node n : outputs) {
            s.add(n.shapeText());
        }
        return "[" + String.join(", ", s) + "]";
    }

    private static String connections(Call call) {
        List<String> s = new ArrayList<>();
        for (Node n : call.inputs()) {
            s.add(n.isInput() ? n.name() + "[0][0]" : n.name());
        }
        return String.join(", ", s);
    }
}

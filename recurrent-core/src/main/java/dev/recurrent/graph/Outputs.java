package dev.recurrent.graph;

import java.util.List;

/**
 * The outputs of a recurrent layer called with {@code returnState}, in Keras' order: the output,
 * then the final states ({@code h}, and {@code c} for an LSTM). Keras' {@code output, h, c = lstm(x)}.
 */
public final class Outputs {
    private final List<Node> nodes;

    Outputs(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public Node output() {
        return nodes.get(0);
    }

    /** The final hidden state h. */
    public Node h() {
        return nodes.get(1);
    }

    /** The final cell state c (LSTMs only). */
    public Node c() {
        if (nodes.size() < 3) {
            throw new IllegalStateException(nodes.get(0).name() + ": this layer has one state, h; it has no c");
        }
        return nodes.get(2);
    }

    /** The final states, {h} or {h, c}: Keras' {@code encoder_states}. */
    public List<Node> states() {
        return nodes.subList(1, nodes.size());
    }

    public Node get(int i) {
        return nodes.get(i);
    }

    public List<Node> all() {
        return nodes;
    }

    public int size() {
        return nodes.size();
    }
}

package dev.recurrent.cli.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.data.Sequences;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How {@code recurrent train classify} turns lines of tokens into model inputs, and how
 * {@code recurrent predict} repeats it with the saved vocabulary.
 *
 * <p><b>The file</b>: UTF-8, one example per line, {@code label<TAB>sequence}; blank lines are
 * skipped. The label is any text without a tab (surrounding spaces dropped). The sequence is
 * tokens separated by spaces (any whitespace): words, or numbers, which are tokens like any other
 * (their value does not matter, only which they are). Tokens are case-sensitive.
 *
 * <p><b>Ids</b>: 0 is padding, 1 a token not in the vocabulary, and the vocabulary, built from the
 * training lines only, numbers the tokens from 2 by decreasing count (ties: first seen first),
 * keeping at most {@code maxVocab − 2}. Sequences are padded and truncated to {@code maxLen} as
 * Keras' {@code pad_sequences} does by default: zeros before, and a longer sequence keeps its last
 * {@code maxLen} tokens. <b>Labels</b> are sorted (as strings); with two, the model has one sigmoid
 * output, the probability of the second; with more, a softmax over them.
 */
public final class TokenPipeline {
    static final int PAD = 0, OOV = 1;

    /** One line of a file: its number (from 1), its label (null if it has none) and tokens. */
    public record Example(int line, String label, String[] tokens) {
    }

    public final List<String> labels;
    public final List<String> vocabulary;   // id 2 + i
    public final int maxLen;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, Integer> labelIndex = new HashMap<>();

    TokenPipeline(List<String> labels, List<String> vocabulary, int maxLen) {
        this.labels = List.copyOf(labels);
        this.vocabulary = List.copyOf(vocabulary);
        this.maxLen = maxLen;
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.put(vocabulary.get(i), i + 2);
        }
        for (int i = 0; i < labels.size(); i++) {
            labelIndex.put(labels.get(i), i);
        }
    }

    /** Binary: one sigmoid output; else a softmax over the labels. */
    public boolean binary() {
        return labels.size() == 2;
    }

    /** The Embedding's input_dim: padding, out-of-vocabulary, the vocabulary. */
    public int inputDim() {
        return vocabulary.size() + 2;
    }

    // ------------------------------------------------------------------ reading

    /**
     * The examples of a file. With {@code labelled}, every line must be {@code label<TAB>sequence};
     * otherwise the label is optional (a line without a tab is all sequence).
     */
    public static List<Example> read(Path file, boolean labelled) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new InputError(file + ": no such file", e);
        } catch (MalformedInputException e) {
            throw new InputError(file + ": not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new InputError("cannot read " + file + ": " + e, e);
        }
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            String where = file + ": line " + (i + 1);
            if (tab < 0 && labelled) {
                throw new InputError(where + ": expected label<TAB>sequence, but the line has no tab: \""
                        + shorten(line) + "\"");
            }
            String label = tab < 0 ? null : line.substring(0, tab).strip();
            if (label != null && label.isEmpty()) {
                throw new InputError(where + ": the label before the tab is empty");
            }
            String seq = (tab < 0 ? line : line.substring(tab + 1)).strip();
            if (seq.isEmpty()) {
                throw new InputError(where + ": no tokens after the label \"" + label + "\"");
            }
            out.add(new Example(i + 1, label, seq.split("\\s+")));
        }
        if (out.isEmpty()) {
            throw new InputError(file + ": the file is empty; expected lines of "
                    + (labelled ? "label<TAB>sequence" : "tokens"));
        }
        return out;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    // ------------------------------------------------------------------ fitting

    /** The vocabulary of the training examples, the labels of all, and the length (≤ 0: the longest training sequence). */
    public static TokenPipeline fit(List<Example> train, List<Example> all, int maxVocab, int maxLen) {
        Map<String, int[]> counts = new LinkedHashMap<>();   // first seen first
        int longest = 0;
        for (Example e : train) {
            longest = Math.max(longest, e.tokens().length);
            for (String t : e.tokens()) {
                counts.computeIfAbsent(t, k -> new int[1])[0]++;
            }
        }
        List<String> tokens = new ArrayList<>(counts.keySet());
        tokens.sort(Comparator.comparingInt((String t) -> -counts.get(t)[0]));   // stable: ties keep first seen first
        if (tokens.size() > maxVocab - 2) {
            tokens = tokens.subList(0, maxVocab - 2);
        }
        TreeSet<String> labels = new TreeSet<>();
        for (Example e : all) {
            labels.add(e.label());
        }
        return new TokenPipeline(new ArrayList<>(labels), tokens, maxLen > 0 ? maxLen : longest);
    }

    // ------------------------------------------------------------------ encoding

    public int[] encode(String[] tokens) {
        int[] out = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = ids.getOrDefault(tokens[i], OOV);
        }
        return out;
    }

    /** The padded ids [N, maxLen]. */
    public Tensor x(List<Example> examples) {
        int[][] seqs = new int[examples.size()][];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = encode(examples.get(i).tokens());
        }
        return Sequences.padSequences(seqs, maxLen);
    }

    /** The label indices [N, 1] (the target of the sigmoid or of the sparse softmax). */
    public Tensor y(List<Example> examples) {
        int[] y = new int[examples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labelIndex.get(examples.get(i).label());
        }
        return Sequences.column(y);
    }

    /** The index of a label, or -1 if the model does not know it. */
    public int labelIndex(String label) {
        return labelIndex.getOrDefault(label, -1);
    }

    /** Each example's probability per label, [N][labels]. */
    public float[][] probabilities(Sequential model, List<Example> examples, int batch) {
        float[] out = model.predict(x(examples), batch).data();
        int k = labels.size();
        float[][] p = new float[examples.size()][k];
        for (int i = 0; i < p.length; i++) {
            if (binary()) {
                p[i][1] = out[i];
                p[i][0] = 1 - out[i];
            } else {
                System.arraycopy(out, i * k, p[i], 0, k);
            }
        }
        return p;
    }

    public static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    // ------------------------------------------------------------------ the sidecar

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokens", "separated by whitespace, case-sensitive");
        m.put("max_len", maxLen);
        m.put("padding", "pre");
        m.put("truncating", "pre");
        m.put("padding_id", PAD);
        m.put("oov_id", OOV);
        m.put("labels", labels);
        m.put("output", binary() ? "sigmoid" : "softmax");
        m.put("vocabulary", vocabulary);
        return m;
    }

    public static TokenPipeline fromJson(JsonNode sidecar, Path model) {
        int maxLen = Sidecar.field(sidecar, model, "preprocessing", "max_len").asInt();
        List<String> labels = strings(Sidecar.field(sidecar, model, "preprocessing", "labels"), model, "labels");
        List<String> vocabulary = strings(Sidecar.field(sidecar, model, "preprocessing", "vocabulary"), model,
                "vocabulary");
        if (maxLen < 1 || labels.size() < 2) {
            throw new InputError(Sidecar.pathFor(model) + ": max_len " + maxLen + " and " + labels.size()
                    + " labels are not valid (expected >= 1 and >= 2)");
        }
        return new TokenPipeline(labels, vocabulary, maxLen);
    }

    private static List<String> strings(JsonNode array, Path model, String name) {
        if (!array.isArray()) {
            throw new InputError(Sidecar.pathFor(model) + ": preprocessing." + name + " is not a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }

    /** Checks that {@code model} takes [maxLen] ids below inputDim and gives one output per label (1 if binary). */
    public void checkModel(Sequential model, Path file) {
        int[] in = model.inputShape().dims(), out = model.outputShape().dims();
        int outputs = binary() ? 1 : labels.size();
        if (in.length != 1 || in[0] != maxLen || out.length != 1 || out[0] != outputs) {
            throw new InputError(file + ": the model takes " + model.inputShape() + " and gives " + model.outputShape()
                    + ", but its sidecar says sequences of " + maxLen + " and " + labels.size() + " labels");
        }
    }
}

package dev.recurrent.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Merge;
import dev.recurrent.graph.Merges;
import dev.recurrent.graph.Node;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.LayerFactory;
import dev.recurrent.layers.Parameter;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.attention.AttentionLayer;
import dev.recurrent.layers.attention.AttentionLayers;
import dev.recurrent.model.Model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * Saves a graph {@link Model} into one file and loads it back, as {@link ModelFiles} does a
 * {@code Sequential}: the same zip of {@code model.json} and one {@code .npy} per weight
 * ({@code <layer>/<weight>.npy}, a shared layer's once), with {@code "class_name": "Functional"}
 * and the architecture of {@link GraphJson} (Keras' functional config: layers with their
 * {@code inbound_nodes}). The weights only: no training configuration or optimizer state yet.
 * Loading rebuilds the graph call by call, then reads each weight, its shape checked against the
 * rebuilt layer's before its data is read; any problem is an {@link InvalidModelFileException}.
 */
public final class GraphModelFiles {
    public static final String CLASS_NAME = "Functional";

    private GraphModelFiles() {
    }

    /** Saves the model's architecture and weights; the target is replaced atomically. */
    public static void save(Model model, Path file) throws IOException {
        if (model == null || file == null) {
            throw new IllegalArgumentException("save: the model and the file must not be null");
        }
        Map<String, Parameter> weights = weights(model);
        List<ModelZipWriter.Stored> entries = new ArrayList<>();
        List<Object> listing = new ArrayList<>();
        for (Map.Entry<String, Parameter> w : weights.entrySet()) {
            entries.add(new ModelZipWriter.Stored(w.getKey() + ".npy", w.getValue().value(), w.getValue().shape()));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("entry", w.getKey() + ".npy");
            item.put("shape", w.getValue().shape());
            listing.add(item);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", ModelFiles.FORMAT);
        json.put("format_version", ModelFiles.FORMAT_VERSION);
        json.put("class_name", CLASS_NAME);
        json.put("config", GraphJson.config(model));
        json.put("weights", listing);
        byte[] bytes = ModelJson.MAPPER.writeValueAsBytes(json);
        AtomicFile.write(file, out -> ModelZipWriter.write(out, bytes, entries));
    }

    /** The weights by entry path, each once, checked to be the model's parameters. */
    static Map<String, Parameter> weights(Model model) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Object layer : model.layers()) {
            if (layer instanceof Layer l) {
                Layout.collect(l, "", out);
            } else if (layer instanceof AttentionLayer a) {
                Layout.checkName(a.name());
                for (Parameter p : a.parameters()) {
                    out.put(a.name() + "/" + p.name(), p);
                }
            }
        }
        if (!new ArrayList<>(out.values()).equals(model.parameters())) {
            throw new IllegalStateException(model.name() + ": the weights found layer by layer " + out.keySet()
                    + " are not the model's parameters; a layer type unknown to the model file format?");
        }
        return out;
    }

    /** Loads a model saved by {@link #save}: rebuilt, with its weights, not compiled. */
    public static Model load(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("load: the file must not be null");
        }
        long size = Files.size(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (FileNotFoundException | FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidModelFileException(file, null, "not a zip file, or truncated or damaged (" + e.getMessage() + ")", e);
        }
        ModelZipReader reader = new ModelZipReader(file, zip, size);
        try (zip) {
            return read(reader);
        } catch (InvalidModelFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new InvalidModelFileException(file, reader.entry, m, e);
        }
    }

    private static Model read(ModelZipReader zip) throws IOException {
        zip.listEntries();
        zip.entry = ModelFiles.MODEL_JSON;
        JsonNode root = ModelJson.MAPPER.readTree(zip.readJson());
        if (root == null || !root.isObject() || !ModelFiles.FORMAT.equals(root.path("format").asText())
                || root.path("format_version").asInt() != ModelFiles.FORMAT_VERSION) {
            throw zip.invalid("expected a " + ModelFiles.FORMAT + " file of format version " + ModelFiles.FORMAT_VERSION);
        }
        if (!CLASS_NAME.equals(root.path("class_name").asText())) {
            throw zip.invalid("expected class_name \"" + CLASS_NAME + "\" (a graph model), got " + root.path("class_name")
                    + "; load a Sequential with ModelFiles.load");
        }
        JsonNode config = root.path("config"), layers = config.path("layers");
        if (!layers.isArray() || layers.size() > ModelFiles.MAX_LAYERS) {
            throw zip.invalid("config.layers: expected a list of at most " + ModelFiles.MAX_LAYERS + " layers");
        }
        Map<String, List<List<Node>>> made = new HashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonNode entry = layers.get(i);
            String className = entry.path("class_name").asText(), name = entry.path("name").asText();
            Map<String, Object> layerConfig = StrictJson.toMap(entry.path("config"), "config.layers[" + i + "].config", zip::invalid);
            if (made.containsKey(name)) {
                throw zip.invalid("config.layers[" + i + "]: the layer name '" + name + "' is used twice");
            }
            made.put(name, new ArrayList<>());
            if (className.equals("InputLayer")) {
                made.get(name).add(List.of(input(name, entry.path("config").path("batch_shape"), zip)));
                continue;
            }
            Object layer = Merges.CLASS_NAMES.contains(className) ? Merges.fromConfig(className, layerConfig)
                    : AttentionLayers.CLASS_NAMES.contains(className) ? AttentionLayers.fromConfig(className, layerConfig)
                    : LayerFactory.fromConfig(className, layerConfig);
            JsonNode inbound = entry.path("inbound_nodes");
            for (int c = 0; c < inbound.size(); c++) {
                pending.add(new Pending(name, layer, c, inbound.get(c).path("args"), inbound.get(c).path("kwargs")));
            }
        }
        while (!pending.isEmpty()) {
            Pending ready = null;
            for (Pending p : pending) {
                if (p.call == made.get(p.name).size() && resolvable(p.args, made)) {
                    ready = p;
                    break;
                }
            }
            if (ready == null) {
                throw zip.invalid("config.layers: the inbound nodes of " + pending.get(0).name + " call "
                        + pending.get(0).call + " name nodes that no layer makes");
            }
            pending.remove(ready);
            made.get(ready.name).add(call(ready.layer, nodes(ready.args, made), ready.kwargs));
        }
        Model model = new Model(config.path("name").asText("functional"),
                nodes(config.path("input_layers"), made), nodes(config.path("output_layers"), made));
        readWeights(model, root.path("weights"), zip);
        return model;
    }

    private record Pending(String name, Object layer, int call, JsonNode args, JsonNode kwargs) {
    }

    private static Node input(String name, JsonNode batchShape, ModelZipReader zip) throws InvalidModelFileException {
        if (!batchShape.isArray() || batchShape.size() < 2 || batchShape.size() > 8) {
            throw zip.invalid("the input " + name + ": expected a batch_shape [null, ...], got " + batchShape);
        }
        int[] dims = new int[batchShape.size() - 1];
        for (int d = 0; d < dims.length; d++) {
            JsonNode v = batchShape.get(d + 1);
            dims[d] = v.isNull() && d == 0 ? Input.NONE : v.isIntegralNumber() ? v.intValue() : 0;
        }
        return Input.named(name, dims);
    }

    private static boolean resolvable(JsonNode args, Map<String, List<List<Node>>> made) {
        for (JsonNode a : args) {
            List<List<Node>> calls = made.get(a.path(0).asText());
            if (calls == null || a.path(1).asInt(-1) < 0 || a.path(1).asInt() >= calls.size()) {
                return false;
            }
        }
        return true;
    }

    private static List<Node> nodes(JsonNode args, Map<String, List<List<Node>>> made) {
        List<Node> nodes = new ArrayList<>();
        for (JsonNode a : args) {
            List<List<Node>> calls = made.get(a.path(0).asText());
            if (calls == null || a.path(1).asInt(-1) < 0 || a.path(1).asInt() >= calls.size()
                    || a.path(2).asInt(-1) < 0 || a.path(2).asInt() >= calls.get(a.path(1).asInt()).size()) {
                throw new IllegalArgumentException("no node " + a + " in the graph");
            }
            nodes.add(calls.get(a.path(1).asInt()).get(a.path(2).asInt()));
        }
        return nodes;
    }

    private static List<Node> call(Object layer, List<Node> in, JsonNode kwargs) {
        if (layer instanceof Merge m) {
            return List.of(m.call(in));
        }
        if (layer instanceof AttentionLayer a) {
            boolean causal = kwargs.path("use_causal_mask").asBoolean(false);
            return kwargs.path("return_attention_scores").asBoolean(false)
                    ? Functional.callWithScores(a, in, causal).all() : List.of(Functional.call(a, in, causal));
        }
        if (in.isEmpty()) {
            throw new IllegalArgumentException(((Layer) layer).name() + ": a call with no input");
        }
        if (layer instanceof Recurrent r) {
            List<Node> states = in.subList(1, in.size());
            if (kwargs.has("mask") && kwargs.get("mask").isNull()) {
                return Functional.callIgnoringMask(r, in.get(0), states).all();
            }
            return r.config().returnState() ? Functional.callWithState(r, in.get(0), states).all()
                    : List.of(Functional.call(r, in.get(0), states));
        }
        if (in.size() != 1) {
            throw new IllegalArgumentException(((Layer) layer).name() + ": expected one input, got " + in.size());
        }
        return List.of(Functional.call((Layer) layer, in.get(0)));
    }

    private static void readWeights(Model model, JsonNode listing, ModelZipReader zip) throws IOException {
        Map<String, Parameter> weights = weights(model);
        if (!listing.isArray() || listing.size() != weights.size()) {
            throw zip.invalid("`weights` lists " + listing.size() + " arrays, the architecture has " + weights.size()
                    + " " + weights.keySet());
        }
        Set<String> entries = new LinkedHashSet<>();
        entries.add(ModelFiles.MODEL_JSON);
        int k = 0;
        for (Map.Entry<String, Parameter> w : weights.entrySet()) {
            String entry = w.getKey() + ".npy";
            if (!entry.equals(listing.get(k++).path("entry").asText())) {
                throw zip.invalid("`weights` does not match the architecture: expected " + entry + " at position " + (k - 1)
                        + ", got " + listing.get(k - 1).path("entry"));
            }
            float[] v = zip.readArray(entry, w.getValue().shape());
            System.arraycopy(v, 0, w.getValue().value(), 0, v.length);
            entries.add(entry);
        }
        zip.checkNoOthers(entries);
    }
}

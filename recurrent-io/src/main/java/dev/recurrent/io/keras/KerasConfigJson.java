package dev.recurrent.io.keras;

import dev.recurrent.init.Initializers;
import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Dropout;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.Masking;
import dev.recurrent.layers.MaskingMode;
import dev.recurrent.layers.WeightRules;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.layers.RecurrentConfig;
import dev.recurrent.layers.RepeatVector;
import dev.recurrent.layers.Shape;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.model.Sequential;
import dev.recurrent.regularizers.Constraint;
import dev.recurrent.regularizers.Regularizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code config.json} of a Keras 3 {@code .keras} file: the model as Keras 3.6's
 * {@code serialize_keras_object} writes it, each object as {@code module}, {@code class_name},
 * {@code config}, {@code registered_name} and, for built layers, {@code build_config}; the keys of
 * each layer's config in the order and with the defaults of its {@code get_config()}. No
 * {@code compile_config}: the file holds an uncompiled model, as Keras writes one never compiled.
 */
final class KerasConfigJson {
    private KerasConfigJson() {
    }

    /**
     * The whole model.
     *
     * @param batchSize the fixed batch size of the input, or 0 for none ({@code null} in Keras)
     */
    static Map<String, Object> model(Sequential model, int batchSize) {
        Shape input = model.inputShape();
        List<Object> layers = new ArrayList<>();
        layers.add(inputLayer(inputName(model), input, batchSize));
        for (Layer layer : model.layers()) {
            if (layer instanceof Recurrent r && r.config().returnState()) {
                throw new KerasExportException("keras export: layer '" + r.name() + "' (" + r.type() + ") has"
                        + " return_state=true, which a Keras Sequential cannot pass on; export it with return_state=false,"
                        + " or as a graph model");
            }
            layers.add(layer(layer, batchSize));
        }
        Map<String, Object> c = base(model.name());
        c.put("layers", layers);
        c.put("build_input_shape", batchShape(input, batchSize));
        Map<String, Object> m = object("keras", "Sequential", c);
        m.put("build_config", buildConfig(input, batchSize));
        return m;
    }

    /** Keras' {@code {module, class_name, config, registered_name}} of a public Keras class. */
    static Map<String, Object> object(String module, String className, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", module);
        m.put("class_name", className);
        m.put("config", config);
        m.put("registered_name", null);
        return m;
    }

    /** Keras' name for the input layer it puts first, made unique among the model's layer names. */
    private static String inputName(Sequential model) {
        Set<String> taken = new HashSet<>();
        for (Layer l : model.layers()) {
            taken.add(l.name());
        }
        String name = "input_layer";
        for (int i = 1; taken.contains(name); i++) {
            name = "input_layer_" + i;
        }
        return name;
    }

    private static Map<String, Object> inputLayer(String name, Shape input, int batchSize) {
        return inputLayer(name, batchShape(input, batchSize));
    }

    /** Keras 3.6's {@code InputLayer} of that {@code batch_shape}. */
    static Map<String, Object> inputLayer(String name, List<Object> batchShape) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("batch_shape", batchShape);
        c.put("dtype", "float32");
        c.put("sparse", false);
        c.put("name", name);
        return object("keras.layers", "InputLayer", c);
    }

    static Map<String, Object> layer(Layer layer, int batchSize) {
        Map<String, Object> m = object("keras.layers", layer.type(), layerConfig(layer, batchSize));
        m.put("build_config", buildConfig(layer.inputShape(), batchSize));
        return m;
    }

    private static Map<String, Object> layerConfig(Layer layer, int batchSize) {
        if (layer instanceof LSTM || layer instanceof GRU || layer instanceof SimpleRNN) {
            return recurrent((Recurrent) layer, batchSize);
        }
        Map<String, Object> c = base(layer.name());
        if (layer instanceof Dense) {
            Dense d = (Dense) layer;
            c.put("units", d.units());
            c.put("activation", d.activation());
            c.put("use_bias", true);
            c.put("kernel_initializer", KerasInitializerConfig.of(Initializers.glorotUniform()));
            c.put("bias_initializer", KerasInitializerConfig.of(Initializers.zeros()));
            c.put("kernel_regularizer", rule(d.rules().kernelRegularizer()));
            c.put("bias_regularizer", rule(d.rules().biasRegularizer()));
            c.put("kernel_constraint", rule(d.rules().kernelConstraint()));
            c.put("bias_constraint", rule(d.rules().biasConstraint()));
            if (d.rules().activityRegularizer() != null) {
                // Keras' Layer takes it as a keyword argument; Dense's get_config leaves it out when unset
                c.put("activity_regularizer", rule(d.rules().activityRegularizer()));
            }
        } else if (layer instanceof Embedding) {
            Embedding e = (Embedding) layer;
            c.put("input_dim", e.inputDim());
            c.put("output_dim", e.outputDim());
            c.put("embeddings_initializer", KerasInitializerConfig.embeddingsDefault());
            c.put("embeddings_regularizer", null);
            c.put("activity_regularizer", null);
            c.put("embeddings_constraint", null);
            c.put("mask_zero", layer.getConfig().get("mask_zero"));
        } else if (layer instanceof Dropout) {
            c.put("rate", decimal(((Dropout) layer).rate()));
            c.put("seed", null);
            c.put("noise_shape", null);
        } else if (layer instanceof RepeatVector) {
            c.put("n", ((RepeatVector) layer).repeats());
        } else if (layer instanceof Flatten) {
            c.put("data_format", "channels_last");
        } else if (layer instanceof Masking) {
            c.put("mask_value", decimal(((Masking) layer).maskValue()));
        } else if (layer instanceof Bidirectional) {
            Bidirectional b = (Bidirectional) layer;
            c.put("merge_mode", b.getConfig().get("merge_mode"));
            c.put("layer", directionLayer(b, b.forwardLayer(), batchSize));
            c.put("backward_layer", directionLayer(b, b.backwardLayer(), batchSize));
        } else if (layer instanceof TimeDistributed) {
            Layer inner = ((TimeDistributed) layer).inner();
            if (inner instanceof Recurrent || inner instanceof Bidirectional || inner instanceof TimeDistributed) {
                throw new KerasExportException("keras export: layer '" + layer.name() + "' (TimeDistributed) wraps '"
                        + inner.name() + "' (" + inner.type() + "); only a layer without a time axis (Dense, Dropout)"
                        + " is exported inside TimeDistributed");
            }
            c.put("layer", layer(inner, batchSize));
        } else {
            throw unsupported(layer);
        }
        return c;
    }

    /** One direction of a Bidirectional, with {@code zero_output_for_mask} as Keras forces it there. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> directionLayer(Bidirectional b, Recurrent inner, int batchSize) {
        Map<String, Object> m = layer(requireRecurrent(b, inner), batchSize);
        ((Map<String, Object>) m.get("config")).put("zero_output_for_mask", inner.config().returnSequences());
        return m;
    }

    private static Recurrent requireRecurrent(Bidirectional b, Recurrent inner) {
        if (!(inner instanceof LSTM || inner instanceof GRU || inner instanceof SimpleRNN)) {
            throw new KerasExportException("keras export: layer '" + b.name() + "' (Bidirectional) wraps a "
                    + inner.type() + ", which has no Keras 3 equivalent; " + instead(inner.type()));
        }
        return inner;
    }

    /** The config of an LSTM, GRU or SimpleRNN, keys in Keras 3's order (RNN's first, then the layer's). */
    private static Map<String, Object> recurrent(Recurrent r, int batchSize) {
        RecurrentConfig rc = r.config();
        if (rc.masking() == MaskingMode.DL4J) {
            throw new KerasExportException("keras export: layer '" + r.name() + "' (" + r.type() + ") masks steps as"
                    + " Deeplearning4j does (masking_mode dl4j), which Keras has no option for; export a layer with"
                    + " Keras' masking or zero_output_for_mask");
        }
        if (rc.stateful() && batchSize <= 0) {
            throw new KerasExportException("keras export: layer '" + r.name() + "' (" + r.type() + ") is stateful,"
                    + " and Keras needs a fixed batch size for that; give the batch size to KerasExport.save");
        }
        Map<String, Object> c = base(r.name());
        c.put("return_sequences", rc.returnSequences());
        c.put("return_state", rc.returnState());
        c.put("go_backwards", rc.goBackwards());
        c.put("stateful", rc.stateful());
        c.put("unroll", false);
        c.put("zero_output_for_mask", rc.zeroOutputForMask());
        c.put("units", rc.units());
        c.put("activation", kerasThreeActivation(r, "activation", rc.activation()));
        if (!(r instanceof SimpleRNN)) {
            c.put("recurrent_activation", kerasThreeActivation(r, "recurrent_activation", rc.recurrentActivation()));
        }
        c.put("use_bias", rc.useBias());
        c.put("kernel_initializer", KerasInitializerConfig.of(rc.weights().kernelInitializer()));
        c.put("recurrent_initializer", KerasInitializerConfig.of(rc.weights().recurrentInitializer()));
        c.put("bias_initializer", KerasInitializerConfig.of(rc.weights().biasInitializer()));
        if (r instanceof LSTM) {
            c.put("unit_forget_bias", rc.unitForgetBias());
        }
        WeightRules rules = rc.rules();
        c.put("kernel_regularizer", rule(rules.kernelRegularizer()));
        c.put("recurrent_regularizer", rule(rules.recurrentRegularizer()));
        c.put("bias_regularizer", rule(rules.biasRegularizer()));
        c.put("activity_regularizer", rule(rules.activityRegularizer()));
        c.put("kernel_constraint", rule(rules.kernelConstraint()));
        c.put("recurrent_constraint", rule(rules.recurrentConstraint()));
        c.put("bias_constraint", rule(rules.biasConstraint()));
        c.put("dropout", decimal(rc.dropout()));
        c.put("recurrent_dropout", decimal(rc.recurrentDropout()));
        if (r instanceof GRU) {
            c.put("reset_after", ((GRU) r).resetAfter());
        }
        if (!(r instanceof SimpleRNN)) {
            // Keras seeds a 32-bit generator with it; a seed outside that range is left to Keras
            c.put("seed", rc.seed() >= 0 && rc.seed() <= Integer.MAX_VALUE ? (Object) rc.seed() : null);
        }
        return c;
    }

    /** A regularizer or constraint as Keras 3 serializes it; null for none. */
    private static Map<String, Object> rule(Regularizer r) {
        return r == null ? null : object("keras.regularizers", r.className(), config(r.toConfig()));
    }

    private static Map<String, Object> rule(Constraint k) {
        return k == null ? null : object("keras.constraints", k.className(), config(k.toConfig()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> serialized) {
        return (Map<String, Object>) serialized.get("config");
    }

    /** Keras 3 has only its own hard sigmoid, {@code relu6(x + 3) / 6}; Keras 2's is refused rather than renamed. */
    private static String kerasThreeActivation(Recurrent r, String option, Activation a) {
        if (a == Activation.HARD_SIGMOID_KERAS2) {
            throw new KerasExportException("keras export: layer '" + r.name() + "' (" + r.type() + ") has " + option
                    + " = Keras 2's hard_sigmoid clip(0.2x + 0.5, 0, 1), which Keras 3 does not have (its hard_sigmoid"
                    + " is relu6(x + 3) / 6); export to ONNX or .model instead, or retrain with sigmoid");
        }
        return a.kerasName();
    }

    /** Refuses a layer Keras 3 has no class for, naming what to use instead. */
    static KerasExportException unsupported(Layer layer) {
        return new KerasExportException("keras export: layer '" + layer.name() + "' (" + layer.type()
                + ") has no Keras 3 equivalent; " + instead(layer.type()));
    }

    private static String instead(String type) {
        switch (type) {
            case "PeepholeLSTM":
                return "Keras' LSTM has no peephole connections: train an LSTM to export";
            case "CifgLSTM":
                return "Keras' LSTM has no coupled input and forget gate: train an LSTM to export";
            case "ProjectedLSTM":
                return "Keras' LSTM has no projection: export it to .safetensors for PyTorch's nn.LSTM(proj_size)";
            case "MGU":
            case "LayerNormLSTM":
            case "LayerNormGRU":
                return "Keras has no such built-in layer: export to .model, or train an LSTM or GRU to export";
            default:
                return "the exported layers are Embedding, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed,"
                        + " Dense, Dropout, Masking, RepeatVector and Flatten";
        }
    }

    /** The keys every Keras 3 layer config starts with: name, trainable, dtype (a float32 DTypePolicy). */
    static Map<String, Object> base(String name) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("name", "float32");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("trainable", true);
        c.put("dtype", object("keras", "DTypePolicy", policy));
        return c;
    }

    private static Map<String, Object> buildConfig(Shape input, int batchSize) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("input_shape", batchShape(input, batchSize));
        return b;
    }

    private static List<Object> batchShape(Shape sample, int batchSize) {
        List<Object> s = new ArrayList<>();
        s.add(batchSize > 0 ? (Object) batchSize : null);
        for (int d : sample.dims()) {
            s.add(d);
        }
        return s;
    }

    /** A float option as the decimal it was written as (0.2, not 0.20000000298023224). */
    static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}

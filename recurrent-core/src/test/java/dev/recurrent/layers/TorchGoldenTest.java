package dev.recurrent.layers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.kernels.Kernels;
import dev.recurrent.kernels.KernelsProvider;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PyTorch golden cases in {@code src/test/resources/golden/torch} (made by
 * {@code make_torch_golden.py} there): {@code nn.LSTM} with {@code proj_size}, {@code bias=False}
 * LSTM, GRU and RNN, and two-level stacks with dropout between the levels, run through this
 * library's layers with the weights mapped by {@link TorchLayout}, under both kernels: outputs, final
 * states and the gradients of sum(y ⊙ dy) for the input and every weight.
 */
class TorchGoldenTest {
    /** Max |actual − expected| over max |expected|, per tensor. */
    static final double TOL = 2e-6;
    static final String[] CASES = {"lstm_proj", "lstm_proj_nobias", "lstm_proj_2layers", "lstm_nobias", "gru_nobias",
        "rnn_nobias", "lstm_2layers", "gru_2layers"};

    record Case(String name, JsonNode doc) {
        JsonNode tensors() {
            return doc.get("tensors");
        }

        int i(String key) {
            return doc.get(key).asInt();
        }

        boolean has(String tensor) {
            return tensors().has(tensor);
        }

        float[] f32(String tensor) {
            JsonNode data = tensors().get(tensor).get("data");
            if (data == null) {
                throw new AssertionError(name + ": no tensor " + tensor);
            }
            float[] out = new float[data.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = (float) data.get(k).asDouble();
            }
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Case load(String name) throws IOException {
        try (InputStream in = TorchGoldenTest.class.getResourceAsStream("/golden/torch/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no golden case " + name + " on the test class path");
            }
            return new Case(name, GoldenCase.JSON.readTree(in));
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> args = new ArrayList<>();
        for (String c : CASES) {
            Case k = load(c);
            args.add(Arguments.of(k, "scalar"));
            args.add(Arguments.of(k, "default"));
        }
        return args.stream();
    }

    /** Level {@code level} of the case as a layer of this library, built for {@code inputs} features, weights set. */
    static Layer level(Case c, int level, int inputs, Kernels kernels, boolean last) {
        String cell = c.doc().get("cell").asText();
        int h = c.i("hidden"), p = c.i("proj_size");
        boolean bias = c.doc().get("bias").asBoolean();
        String l = "_l" + level;
        float[] wih = c.f32("weight_ih" + l), whh = c.f32("weight_hh" + l);
        switch (cell) {
            case "lstm": {
                float[] kernel = TorchLayout.transpose(wih, 4 * h, inputs);
                float[] b = bias ? TorchLayout.sum(c.f32("bias_ih" + l), c.f32("bias_hh" + l)) : null;
                if (p > 0) {
                    ProjectedLSTM layer = ProjectedLSTM.builder(h, p).returnSequences(true).useBias(bias).build()
                            .withKernels(kernels);
                    layer.build(inputs);
                    layer.setWeights(kernel, TorchLayout.transpose(whh, 4 * h, p), b,
                            TorchLayout.transpose(c.f32("weight_hr" + l), p, h));
                    return layer;
                }
                LSTM layer = LSTM.builder(h).returnSequences(true).useBias(bias).build();
                layer.withKernels(kernels).build(inputs);
                layer.setWeights(kernel, TorchLayout.transpose(whh, 4 * h, h), b);
                return layer;
            }
            case "gru": {
                GRU layer = GRU.builder(h).returnSequences(true).useBias(bias).build();
                layer.withKernels(kernels).build(inputs);
                layer.setWeights(TorchLayout.gruKernel(wih, h, inputs), TorchLayout.gruKernel(whh, h, h),
                        bias ? TorchLayout.gruBias(c.f32("bias_ih" + l), c.f32("bias_hh" + l), h) : null);
                return layer;
            }
            default: {
                SimpleRNN layer = SimpleRNN.builder(h).returnSequences(true).useBias(bias).build();
                layer.withKernels(kernels).build(inputs);
                layer.setWeights(TorchLayout.transpose(wih, h, inputs), TorchLayout.transpose(whh, h, h),
                        bias ? TorchLayout.sum(c.f32("bias_ih" + l), c.f32("bias_hh" + l)) : null);
                return layer;
            }
        }
    }

    /** PyTorch's gradients of level {@code level} in this library's parameter order and layout. */
    static List<float[]> expectedGradients(Case c, int level, int inputs) {
        String cell = c.doc().get("cell").asText();
        int h = c.i("hidden"), p = c.i("proj_size");
        boolean bias = c.doc().get("bias").asBoolean();
        String l = "_l" + level;
        float[] gih = c.f32("grad_weight_ih" + l), ghh = c.f32("grad_weight_hh" + l);
        List<float[]> out = new ArrayList<>();
        int g = cell.equals("lstm") ? 4 : cell.equals("gru") ? 3 : 1;
        int rec = p > 0 ? p : h;
        if (cell.equals("gru")) {
            out.add(TorchLayout.gruKernel(gih, h, inputs));
            out.add(TorchLayout.gruKernel(ghh, h, h));
            if (bias) {
                out.add(TorchLayout.gruBias(c.f32("grad_bias_ih" + l), c.f32("grad_bias_hh" + l), h));
            }
            return out;
        }
        out.add(TorchLayout.transpose(gih, g * h, inputs));
        out.add(TorchLayout.transpose(ghh, g * h, rec));
        if (bias) {
            out.add(c.f32("grad_bias_ih" + l)); // the same as grad_bias_hh: both are added to the gates
        }
        if (p > 0) {
            out.add(TorchLayout.transpose(c.f32("grad_weight_hr" + l), p, h));
        }
        return out;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0, diff = 0;
        for (int k = 0; k < expected.length; k++) {
            max = Math.max(max, Math.abs(expected[k]));
            diff = Math.max(diff, Math.abs(expected[k] - actual[k]));
        }
        assertTrue(diff <= TOL * Math.max(max, 1e-3), what + ": max |diff| " + diff + " (max |expected| " + max + ")");
    }

    /** The last step of each sample of y [B, T, F]: [B, F]. */
    static float[] lastStep(float[] y, int batch, int steps, int features) {
        float[] out = new float[batch * features];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(y, ((b + 1) * steps - 1) * features, out, b * features, features);
        }
        return out;
    }

    static float[][] finalStates(Layer layer) {
        return layer instanceof ProjectedLSTM pl ? pl.finalStates() : ((Recurrent) layer).finalStates();
    }

    @ParameterizedTest(name = "{0}, {1} kernels")
    @MethodSource("cases")
    void matchesPyTorch(Case c, String kernelChoice) {
        Kernels kernels = kernelChoice.equals("scalar") ? KernelsProvider.scalar() : KernelsProvider.get();
        int batch = c.i("batch"), steps = c.i("steps"), levels = c.i("num_layers");
        int h = c.i("hidden"), p = c.i("proj_size"), out = p > 0 ? p : h;
        List<Layer> layers = new ArrayList<>();
        int inputs = c.i("input");
        for (int k = 0; k < levels; k++) {
            layers.add(level(c, k, inputs, kernels, k == levels - 1));
            inputs = out;
        }
        // forward, level by level, in inference (PyTorch's eval mode: no dropout between levels)
        float[] y = c.f32("x");
        int features = c.i("input");
        for (Layer layer : layers) {
            y = forward(layer, y, batch, steps, features).clone();
            features = out;
        }
        assertClose(c.f32("y"), y, c + " y");
        float[] hn = c.f32("h_n");
        for (int k = 0; k < levels; k++) {
            float[][] s = finalStates(layers.get(k));
            assertClose(Arrays.copyOfRange(hn, k * batch * out, (k + 1) * batch * out), s[0], c + " h_n[" + k + "]");
            if (c.has("c_n")) {
                float[] cn = c.f32("c_n");
                assertClose(Arrays.copyOfRange(cn, k * batch * h, (k + 1) * batch * h), s[1], c + " c_n[" + k + "]");
            }
        }
        // backward through the levels, from dy
        for (Layer layer : layers) {
            layer.zeroGrad();
        }
        float[] d = c.f32("dy");
        for (int k = levels - 1; k >= 0; k--) {
            d = layers.get(k).backward(d).clone();
        }
        assertClose(c.f32("grad_x"), d, c + " grad_x");
        inputs = c.i("input");
        for (int k = 0; k < levels; k++) {
            List<float[]> expected = expectedGradients(c, k, inputs);
            List<Parameter> params = layers.get(k).parameters();
            assertEquals(expected.size(), params.size(), c + " parameters of level " + k);
            for (int q = 0; q < params.size(); q++) {
                assertClose(expected.get(q), params.get(q).grad(), c + " grad " + params.get(q).name() + " level " + k);
            }
            inputs = out;
        }
    }

    static float[] forward(Layer layer, float[] x, int batch, int steps, int features) {
        if (layer instanceof ProjectedLSTM pl) {
            return pl.forward(x, batch, steps, features);
        }
        return ((Recurrent) layer).forward(x, batch, steps, features);
    }

    /**
     * A two-level {@code nn.LSTM(num_layers=2, dropout=0.3)} is Sequential(LSTM(returnSequences),
     * Dropout(0.3), LSTM(returnSequences)): in inference the model's prediction is PyTorch's eval output.
     */
    @Test
    void aStackWithDropoutIsASequential() throws IOException {
        for (String name : List.of("lstm_2layers", "lstm_proj_2layers")) {
            Case c = load(name);
            int batch = c.i("batch"), steps = c.i("steps"), in = c.i("input"), h = c.i("hidden"), p = c.i("proj_size");
            int out = p > 0 ? p : h;
            Layer first = level(c, 0, in, KernelsProvider.get(), false), second = level(c, 1, out, KernelsProvider.get(), true);
            Sequential model = new Sequential().input(steps, in)
                    .add(p > 0 ? ProjectedLSTM.builder(h, p).returnSequences(true).build() : LSTM.builder(h).returnSequences(true).build())
                    .add(new Dropout((float) c.doc().get("dropout").asDouble()))
                    .add(p > 0 ? ProjectedLSTM.builder(h, p).returnSequences(true).build() : LSTM.builder(h).returnSequences(true).build())
                    .build();
            List<float[]> weights = new ArrayList<>();
            for (Parameter q : first.parameters()) {
                weights.add(q.value());
            }
            for (Parameter q : second.parameters()) {
                weights.add(q.value());
            }
            model.setWeights(weights);
            Tensor y = model.predict(Tensor.of(c.f32("x"), batch, steps, in), batch);
            assertClose(c.f32("y"), y.data(), name + " through Sequential");
            assertEquals(List.of(batch, steps, out), Arrays.stream(y.shape()).boxed().toList());
        }
    }

    @Test
    void projectedLstmCountsItsParametersAsPyTorchHoldsThem() throws IOException {
        ProjectedLSTM layer = ProjectedLSTM.of(6, 3);
        layer.build(5);
        // PyTorch: weight_ih 4H·I + weight_hh 4H·P + weight_hr P·H + two biases; here one bias
        assertEquals(4L * 6 * 5 + 4L * 6 * 3 + 3L * 6 + 4L * 6, layer.parameterCount());
        assertEquals(List.of("kernel", "recurrent_kernel", "bias", "projection"),
                layer.parameters().stream().map(Parameter::name).toList());
        ProjectedLSTM noBias = ProjectedLSTM.builder(6, 3).useBias(false).build();
        noBias.build(5);
        assertEquals(4L * 6 * 5 + 4L * 6 * 3 + 3L * 6, noBias.parameterCount());
    }
}

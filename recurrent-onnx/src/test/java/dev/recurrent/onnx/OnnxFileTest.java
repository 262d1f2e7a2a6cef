package dev.recurrent.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.recurrent.kernels.Activation;
import dev.recurrent.layers.Bidirectional;
import dev.recurrent.layers.CifgLSTM;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.Flatten;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.SimpleRNN;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.recurrent.onnx.OnnxParity.assertClose;
import static dev.recurrent.onnx.OnnxParity.randomInput;
import static dev.recurrent.onnx.OnnxParity.randomTokens;
import static dev.recurrent.onnx.OnnxParity.randomize;
import static dev.recurrent.onnx.OnnxParity.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file itself: atomic saves, the declared inputs and outputs, dynamic dimensions, refusals. */
class OnnxFileTest {

    private static Sequential stacked(int steps) {
        return new Sequential("stacked").input(steps).seed(3)
                .add(new Embedding(30, 4, true))
                .add(new Bidirectional(GRU.builder(5).returnSequences(true).build()))
                .add(LSTM.builder(6).returnSequences(true).build())
                .add(Dense.of(3, "softmax"));
    }

    @Test
    void batchAndStepsAreDynamic() throws Exception {
        Sequential model = randomize(stacked(6), 7, 0.7f);
        byte[] onnx = OnnxExport.toBytes(model);
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions())) {
            NodeInfo in = s.getInputInfo().get("input"), out = s.getOutputInfo().get("output");
            assertArrayEquals(new long[] {-1, -1}, ((TensorInfo) in.getInfo()).getShape());
            assertArrayEquals(new long[] {-1, -1, 3}, ((TensorInfo) out.getInfo()).getShape());
        }
        // the same weights in a model built for 11 steps: ONNX runs the 6-step export on 11 steps
        Sequential longer = stacked(11).build();
        longer.setWeights(model.getWeights());
        Tensor x = Masks.padded(randomTokens(7, 11, 30, 8));
        assertClose("11 steps", longer.predict(x, 7).data(), run(onnx, x));
    }

    @Test
    void recurrentLayersAreOnnxsOwnOperators() {
        Sequential model = new Sequential("ops").input(5, 2)
                .add(LSTM.builder(3).returnSequences(true).build())
                .add(GRU.builder(3).returnSequences(true).build())
                .add(GRU.builder(3).resetAfter(false).returnSequences(true).build())
                .add(new Bidirectional(SimpleRNN.of(3)))
                .add(Dense.of(1)).build();
        var graph = OnnxExport.toModel(model).getGraph();
        List<String> recurrentOps = new ArrayList<>();
        List<Long> linearBeforeReset = new ArrayList<>();
        for (var node : graph.getNodeList()) {
            if (Set.of("LSTM", "GRU", "RNN").contains(node.getOpType())) {
                recurrentOps.add(node.getOpType());
                for (var a : node.getAttributeList()) {
                    if (a.getName().equals("linear_before_reset")) {
                        linearBeforeReset.add(a.getI());
                    }
                    if (a.getName().equals("direction")) {
                        assertEquals(node.getOpType().equals("RNN") ? "bidirectional" : "forward", a.getS().toStringUtf8());
                    }
                }
            }
            assertTrue(!node.getOpType().equals("Loop") && !node.getOpType().equals("Scan"), "no unrolled loops");
        }
        assertEquals(List.of("LSTM", "GRU", "GRU", "RNN"), recurrentOps);
        assertEquals(List.of(1L, 0L), linearBeforeReset);
    }

    @Test
    void flattenedStepsStayFixed() throws Exception {
        Sequential model = new Sequential("flat").input(4, 2)
                .add(LSTM.builder(3).returnSequences(true).build())
                .add(new Flatten())
                .add(Dense.of(2));
        randomize(model, 9, 0.7f);
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(OnnxExport.toBytes(model), new OrtSession.SessionOptions())) {
            assertArrayEquals(new long[] {-1, 4, 2}, ((TensorInfo) s.getInputInfo().get("input").getInfo()).getShape());
        }
    }

    @Test
    void saveWritesTheBytesAtomically(@TempDir Path dir) throws Exception {
        Sequential model = randomize(new Sequential("saved").input(5, 2).add(LSTM.of(4)).add(Dense.of(1)), 10, 0.7f);
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "an older file");
        OnnxExport.save(model, file);
        assertArrayEquals(OnnxExport.toBytes(model), Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left beside the model");
        }
        Tensor x = randomInput(model, 3, 11);
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertEquals(OnnxExport.OPSET, OnnxExport.toModel(model).getOpsetImport(0).getVersion());
            assertTrue(s.getInputNames().contains("input") && s.getOutputNames().contains("output"));
        }
        assertClose("saved", model.predict(x, 3).data(), run(Files.readAllBytes(file), x));
    }

    @Test
    void aRefusedModelLeavesTheFileAsItWas(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "kept");
        Sequential model = new Sequential("relu_cifg").input(4, 2)
                .add(CifgLSTM.builder(3).recurrentActivation(Activation.RELU).build()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.save(model, file));
        assertEquals("cannot export to ONNX: layer 'cifg_lstm' (CifgLSTM): recurrent_activation 'relu' is not symmetric"
                + " (1 − f(z) ≠ f(−z)), so the coupled input gate has no ONNX form; use sigmoid or hard_sigmoid", e.getMessage());
        assertEquals("kept", Files.readString(file));
    }

    @Test
    void refusesReturnState() {
        Sequential model = new Sequential("state").input(4, 2).add(LSTM.builder(3).returnState(true).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(model.build()));
        assertTrue(e.getMessage().startsWith("cannot export to ONNX: layer 'lstm' (LSTM): return_state"), e.getMessage());
    }

    @Test
    void refusesABidirectionalLayerOverABackwardsLayer() {
        Sequential model = new Sequential("bb").input(4, 2)
                .add(new Bidirectional(LSTM.builder(3).goBackwards(true).build())).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(model));
        assertTrue(e.getMessage().startsWith("cannot export to ONNX: layer 'bidirectional' (Bidirectional): the wrapped layer"
                + " has go_backwards = true"), e.getMessage());
    }

    @Test
    void refusesAnUnbuiltModel() {
        Sequential model = new Sequential("fresh").input(4, 2).add(LSTM.of(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(model));
        assertEquals("cannot export to ONNX: model 'fresh' is not built (it has no weights yet); build, train or load it first",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(null));
    }
}

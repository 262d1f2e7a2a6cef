package dev.recurrent.cli;

import dev.recurrent.graph.Add;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Node;
import dev.recurrent.graph.Outputs;
import dev.recurrent.io.GraphModelFiles;
import dev.recurrent.io.Npy;
import dev.recurrent.io.keras.KerasModels;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.model.Model;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recurrent convert} and {@code recurrent predict --npy} on graph models. */
class GraphConvertTest {
    @TempDir
    Path dir;

    /** Keras' lstm_seq2seq training model: two inputs of open length, the encoder's states into the decoder. */
    static Model seq2seq() {
        Functional.setSeed(11);
        Node encoderInputs = Input.named("encoder_inputs", Input.NONE, 4);
        Outputs enc = Functional.callWithState(LSTM.builder(3).returnState(true).build(), encoderInputs);
        Node decoderInputs = Input.named("decoder_inputs", Input.NONE, 5);
        Node dec = Functional.call(LSTM.builder(3).returnSequences(true).build(), decoderInputs, enc.states());
        return new Model("seq2seq", List.of(encoderInputs, decoderInputs), List.of(Functional.call(Dense.of(5, "softmax"), dec)));
    }

    /** One input, one output, a Dense shared by two branches that are added. */
    static Model branches() {
        Functional.setSeed(12);
        Node x = Input.named("x", 6, 2);
        Node h = Functional.call(GRU.of(4), x);
        Dense shared = new Dense("shared", 4, "tanh");
        Node y = new Add("add").call(Functional.call(shared, h), Functional.call(shared, Functional.call(Dense.of(4), h)));
        return new Model("branches", List.of(x), List.of(y));
    }

    @Test
    void aGraphModelGoesToKerasAndBack() throws IOException {
        Model original = seq2seq();
        Path model = dir.resolve("s2s.model"), keras = dir.resolve("s2s.keras"), back = dir.resolve("back.model");
        GraphModelFiles.save(original, model);
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", model.toString(), keras.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Connected to") && r.out().contains("Wrote " + keras + " (keras, a graph model)"), r.out());
        assertTrue(r.out().contains("Largest absolute difference: 0 "), r.out());
        List<Tensor> xs = GraphConversion.randomInputs(original, 3, 6, 1);
        assertArrayEquals(original.predict(xs, 3).get(0).data(), KerasModels.loadGraph(keras).predict(xs, 3).get(0).data());

        r = DemoCommandsTest.run("convert", keras.toString(), back.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(original.predict(xs, 3).get(0).data(), GraphModelFiles.load(back).predict(xs, 3).get(0).data());
    }

    @Test
    void aFormatWithoutGraphsIsRefusedInOneLine() throws IOException {
        Path model = dir.resolve("s2s.model");
        GraphModelFiles.save(seq2seq(), model);
        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", model.toString(), dir.resolve("s2s.safetensors").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: the safetensors format is written for Sequential models only; a graph model"
                + " (2 inputs, 1 outputs, 3 layers) is written as model or keras"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void predictNpyRunsAGraphOfOneInputAndOneOutput() throws IOException {
        Model m = branches();
        Path model = dir.resolve("b.keras");
        dev.recurrent.io.keras.KerasExport.save(m, model);
        Tensor x = GraphConversion.randomInputs(m, 5, 0, 3).get(0);
        Path xFile = dir.resolve("x.npy"), yFile = dir.resolve("y.npy");
        try (OutputStream o = Files.newOutputStream(xFile)) {
            Npy.write(o, x.data(), x.shape());
        }
        DemoCommandsTest.Run r = DemoCommandsTest.run("predict", "--model", model.toString(), "--npy", xFile.toString(),
                "--out", yFile.toString());
        assertEquals(0, r.code(), r.err());
        try (InputStream in = Files.newInputStream(yFile)) {
            Npy.Array y = Npy.read(in, 1 << 20, yFile.toString());
            assertArrayEquals(new int[] {5, 4}, y.shape());
            assertArrayEquals(m.predict(x, 5).data(), y.data());
        }
    }

    @Test
    void predictNpyRefusesAGraphOfTwoInputsInOneLine() throws IOException {
        Path model = dir.resolve("s2s.model");
        GraphModelFiles.save(seq2seq(), model);
        Path xFile = dir.resolve("x.npy");
        try (OutputStream o = Files.newOutputStream(xFile)) {
            Npy.write(o, new float[2 * 3 * 4], new int[] {2, 3, 4});
        }
        DemoCommandsTest.Run r = DemoCommandsTest.run("predict", "--model", model.toString(), "--npy", xFile.toString(),
                "--out", dir.resolve("y.npy").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("is a graph model of 2 inputs [encoder_inputs, decoder_inputs] and 1 outputs"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());
    }
}

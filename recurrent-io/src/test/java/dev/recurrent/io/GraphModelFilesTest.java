package dev.recurrent.io;

import dev.recurrent.graph.Add;
import dev.recurrent.graph.Concatenate;
import dev.recurrent.graph.Dot;
import dev.recurrent.graph.Functional;
import dev.recurrent.graph.Input;
import dev.recurrent.graph.Node;
import dev.recurrent.graph.Outputs;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.TimeDistributed;
import dev.recurrent.layers.attention.AdditiveAttention;
import dev.recurrent.layers.attention.Attention;
import dev.recurrent.model.Model;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphModelFilesTest {
    @TempDir
    Path dir;

    /** Encoder states into a shared decoder, merges and a shared Dense: what a seq2seq model file holds. */
    static Model seq2seq() {
        Functional.setSeed(3);
        Node enc = Input.named("encoder_inputs", Input.NONE, 4), dec = Input.named("decoder_inputs", Input.NONE, 3);
        Outputs o = Functional.callWithState(LSTM.builder(6).returnState(true).build(), enc);
        LSTM decoder = LSTM.builder(6).returnSequences(true).build();
        Node seq = Functional.call(decoder, dec, o.states());
        Node plain = Functional.call(decoder, dec);                       // the decoder shared
        Node scores = new Dot(2).call(seq, plain);                         // (T, T)
        Node summed = new Add().call(seq, plain);
        Dense head = Dense.of(3, "softmax");
        Node context = Functional.call(new AdditiveAttention(), List.of(seq, plain), true);
        Node probabilities = Functional.call(new TimeDistributed(head), new Concatenate().call(summed, seq, context));
        Node attended = Functional.callWithScores(new Attention("luong", true, "dot", 0f), List.of(seq, summed), false).get(1);
        return new Model("seq2seq", List.of(enc, dec), List.of(probabilities, scores, o.h(), attended));
    }

    @Test
    void saveLoadPredictsBitForBit() throws Exception {
        Model model = seq2seq();
        List<Tensor> xs = List.of(random(5, 7, 4, 1), random(5, 3, 3, 2));
        List<Tensor> before = model.predict(xs, 2);
        Path file = dir.resolve("seq2seq.zip");
        GraphModelFiles.save(model, file);
        Model loaded = GraphModelFiles.load(file);
        List<Tensor> after = loaded.predict(xs, 2);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).shape(), after.get(i).shape());
            assertArrayEquals(before.get(i).data(), after.get(i).data(), "output " + i);
        }
        assertEquals(model.summary(), loaded.summary());
        assertEquals(model.parameterCount(), loaded.parameterCount());
        String json = new String(Zips.read(file).get(ModelFiles.MODEL_JSON), StandardCharsets.UTF_8).replaceAll("\\s", "");
        assertTrue(json.contains("\"class_name\":\"Functional\"") && json.contains("\"inbound_nodes\"")
                && json.contains("[\"decoder_inputs\",0,0],[\"lstm\",0,1],[\"lstm\",0,2]"), json);
    }

    @Test
    void aCallIgnoringTheMaskIsSavedAsMaskNoneAndLoadedSo() throws Exception {
        Functional.setSeed(9);
        Node src = Input.named("source", Input.NONE), tgt = Input.named("target", Input.NONE);
        Outputs enc = Functional.callWithState(GRU.builder(4).returnState(true).build(),
                Functional.call(new Embedding(7, 3, true), src));
        Node embedded = Functional.call(new Embedding(7, 3, true), tgt);
        GRU decoder = GRU.builder(4).returnSequences(true).build();
        Node keras3 = Functional.callIgnoringMask(decoder, embedded, enc.states()).output();
        Node masked = Functional.call(decoder, embedded, enc.states());
        Model model = new Model("decoders", List.of(src, tgt), List.of(keras3, masked));
        List<Tensor> xs = List.of(Tensor.of(new float[] {1, 2, 0, 3, 0, 0}, 2, 3),
                Tensor.of(new float[] {4, 0, 0, 5, 6, 0}, 2, 3));
        List<Tensor> before = model.predict(xs, 2);
        Path file = dir.resolve("decoders.zip");
        GraphModelFiles.save(model, file);
        Model loaded = GraphModelFiles.load(file);
        List<Tensor> after = loaded.predict(xs, 2);

        assertArrayEquals(before.get(0).data(), after.get(0).data(), "the call ignoring the mask");
        assertArrayEquals(before.get(1).data(), after.get(1).data(), "the masked call");
        assertTrue(!java.util.Arrays.equals(after.get(0).data(), after.get(1).data()), "the two calls differ on masked steps");
        assertTrue(loaded.graph().outputs().get(0).producer().ignoresMask());
        assertTrue(!loaded.graph().outputs().get(1).producer().ignoresMask());
        assertEquals(model.summary(), loaded.summary());
        String json = new String(Zips.read(file).get(ModelFiles.MODEL_JSON), StandardCharsets.UTF_8).replaceAll("\\s", "");
        assertEquals(1, json.split("\"kwargs\":\\{\"mask\":null}", -1).length - 1, json);
    }

    @Test
    void modelCheckpointSavesAGraphModelEachEpoch() throws Exception {
        Node x = Input.of(3, 2);
        Model model = new Model(x, Functional.call(Dense.of(1), Functional.call(LSTM.of(4), x)))
                .compile(new dev.recurrent.optim.Adam(0.01), new dev.recurrent.loss.MeanSquaredError());
        Tensor xs = random(6, 3, 2, 4), ys = Tensor.of(new float[6], 6, 1);
        ModelCheckpoint checkpoint = new ModelCheckpoint(dir.resolve("epoch-{epoch:02d}.zip").toString());
        model.fit(xs, ys, dev.recurrent.model.FitOptions.defaults().epochs(2).callbacks(checkpoint));
        assertEquals(dir.resolve("epoch-02.zip"), checkpoint.lastSaved());
        assertArrayEquals(model.predict(xs, 6).data(), GraphModelFiles.load(checkpoint.lastSaved()).predict(xs, 6).data());
    }

    @Test
    void aDamagedGraphIsRefusedNamingWhatIsWrong() throws Exception {
        Path file = dir.resolve("model.zip");
        GraphModelFiles.save(seq2seq(), file);
        Map<String, byte[]> entries = Zips.read(file);
        String json = new String(entries.get(ModelFiles.MODEL_JSON), StandardCharsets.UTF_8);
        String wrong = json.replaceAll("\"lstm\",\\s*0,\\s*2", "\"lstm\", 3, 2");
        assertTrue(!wrong.equals(json), "the decoder's state input is renamed");
        entries.put(ModelFiles.MODEL_JSON, wrong.getBytes(StandardCharsets.UTF_8));
        Path damaged = Zips.write(dir.resolve("damaged.zip"), entries);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GraphModelFiles.load(damaged));
        assertTrue(e.getMessage().contains("name nodes that no layer makes"), e.getMessage());
        InvalidModelFileException sequential = assertThrows(InvalidModelFileException.class, () -> ModelFiles.load(file));
        assertTrue(sequential.getMessage().length() > 0);
    }

    static Tensor random(int n, int t, int f, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * t * f];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(v, n, t, f);
    }
}

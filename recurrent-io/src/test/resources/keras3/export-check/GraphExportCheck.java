import dev.recurrent.graph.*;
import dev.recurrent.io.Npy;
import dev.recurrent.io.keras.KerasExport;
import dev.recurrent.layers.*;
import dev.recurrent.model.Model;
import dev.recurrent.tensor.Tensor;
import java.io.OutputStream;
import java.nio.file.*;
import java.util.*;

/** Masked recurrent calls with initial states, exported: Keras 3 must apply the masks as Recurrent does. */
public class GraphExportCheck {
    static void write(Path p, Tensor t) throws Exception {
        try (OutputStream o = Files.newOutputStream(p)) { Npy.write(o, t.data(), t.shape()); }
    }

    public static void main(String[] a) throws Exception {
        Functional.setSeed(8);
        Node src = Input.named("source", Input.NONE), tgt = Input.named("target", Input.NONE);
        Node frames = Input.named("frames", 5, 3);
        Outputs enc = Functional.callWithState(GRU.builder(4).returnState(true).build(),
                Functional.call(new Embedding("source_embedding", 9, 3, true), src));
        Node embedded = Functional.call(new Embedding("target_embedding", 9, 3, true), tgt);
        Node masked = Functional.call(GRU.builder(4).returnSequences(true).build(), embedded, enc.states());
        Node unmasked = Functional.callIgnoringMask(GRU.builder(4).returnSequences(true).build(), embedded,
                enc.states()).output();
        Node fromFrames = Functional.call(LSTM.builder(4).build(), Functional.call(new Masking(0f), frames),
                Functional.call(Dense.of(4), enc.h()), enc.h());
        Model m = new Model("masked_states", List.of(src, tgt, frames),
                List.of(Functional.call(Dense.of(5, "softmax"), masked), unmasked, fromFrames));
        Random r = new Random(3);
        for (dev.recurrent.layers.Parameter p : m.parameters()) {
            if (p.name().contains("bias")) for (int i = 0; i < p.size(); i++) p.value()[i] = r.nextFloat() - 0.5f;
        }
        Tensor ids = Tensor.of(new float[] {1, 2, 3, 0, 0, 4, 5, 6, 7, 8, 2, 0, 0, 0, 0}, 3, 5);
        Tensor target = Tensor.of(new float[] {3, 1, 0, 0, 8, 8, 8, 8, 5, 0, 0, 0}, 3, 4);
        float[] f = new float[3 * 5 * 3];
        for (int i = 0; i < f.length; i++) f[i] = r.nextFloat() * 2 - 1;
        Arrays.fill(f, 9, 15, 0f);                          // sample 0: steps 3, 4 masked
        Arrays.fill(f, 15, 18, 0f);                         // sample 1: step 0 masked
        List<Tensor> xs = List.of(ids, target, Tensor.of(f, 3, 5, 3));
        List<Tensor> ys = m.predict(xs, 8);
        KerasExport.save(m, Path.of("masked_states.keras"));
        for (int i = 0; i < xs.size(); i++) write(Path.of("masked_states_x" + i + ".npy"), xs.get(i));
        for (int i = 0; i < ys.size(); i++) write(Path.of("masked_states_y" + i + ".npy"), ys.get(i));
        System.out.println("masked_states: " + ys.size() + " outputs");
        maskOperationsDeepenALayer();
    }

    /** Keras' any(not_equal(x)) of a Masking makes dense deeper than dense_1: their weight groups swap. */
    static void maskOperationsDeepenALayer() throws Exception {
        Functional.setSeed(9);
        Node x = Input.named("x", 5, 3), h = Input.named("h", 4);
        Node masked = Functional.call(new Masking(0f), Functional.call(new Dense("near", 3, "linear"), x));
        Node decoded = Functional.call(GRU.builder(4).returnSequences(true).build(), masked, h);
        Node far = Functional.call(new Dense("far", 3, "linear"), x);
        for (int i = 0; i < 3; i++) far = Functional.call(Dense.of(3, "tanh"), far);
        Model m = new Model("deeper", List.of(x, h), List.of(decoded, far));
        Random r = new Random(4);
        for (dev.recurrent.layers.Parameter p : m.parameters()) {
            for (int i = 0; i < p.size(); i++) p.value()[i] = r.nextFloat() - 0.5f;
        }
        float[] xs = new float[2 * 5 * 3], hs = new float[2 * 4];
        for (int i = 0; i < xs.length; i++) xs[i] = r.nextFloat() * 2 - 1;
        for (int i = 0; i < hs.length; i++) hs[i] = r.nextFloat() * 2 - 1;
        List<Tensor> in = List.of(Tensor.of(xs, 2, 5, 3), Tensor.of(hs, 2, 4));
        List<Tensor> ys = m.predict(in, 8);
        KerasExport.save(m, Path.of("deeper.keras"));
        for (int i = 0; i < in.size(); i++) write(Path.of("deeper_x" + i + ".npy"), in.get(i));
        for (int i = 0; i < ys.size(); i++) write(Path.of("deeper_y" + i + ".npy"), ys.get(i));
        System.out.println("deeper: " + ys.size() + " outputs");
    }
}

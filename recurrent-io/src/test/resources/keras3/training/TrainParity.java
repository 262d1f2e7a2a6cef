import dev.recurrent.graph.*;
import dev.recurrent.io.Npy;
import dev.recurrent.io.keras.KerasExport;
import dev.recurrent.layers.*;
import dev.recurrent.loss.CategoricalCrossentropy;
import dev.recurrent.model.Model;
import dev.recurrent.optim.Adam;
import dev.recurrent.tensor.Tensor;
import java.io.OutputStream;
import java.nio.file.*;
import java.util.*;
import static dev.recurrent.graph.Functional.*;

public class TrainParity {
    static void write(String p, Tensor t) throws Exception {
        try (OutputStream o = Files.newOutputStream(Path.of(p))) { Npy.write(o, t.data(), t.shape()); }
    }
    static Tensor onehot(Random r, int n, int steps, int k) {
        float[] x = new float[n * steps * k];
        for (int i = 0; i < n * steps; i++) x[i * k + r.nextInt(k)] = 1f;
        return Tensor.of(x, n, steps, k);
    }
    public static void main(String[] a) throws Exception {
        Functional.setSeed(3);
        Node ei = Input.of(Input.NONE, 12);
        Outputs enc = callWithState(LSTM.builder(16).returnState(true).build(), ei);
        Node di = Input.of(Input.NONE, 13);
        Node dec = callWithState(LSTM.builder(16).returnSequences(true).returnState(true).build(), di, enc.states()).output();
        Node out = call(Dense.of(12, "softmax"), dec);
        Model m = new Model(List.of(ei, di), List.of(out));
        m.compile(new Adam(0.001), new CategoricalCrossentropy());
        KerasExport.save(m, Path.of("init.keras"));
        Random r = new Random(1);
        int batches = Integer.parseInt(a[0]);
        StringBuilder losses = new StringBuilder();
        for (int b = 0; b < batches; b++) {
            Tensor x = onehot(r, 32, 7, 12), d = onehot(r, 32, 4, 13), y = onehot(r, 32, 4, 12);
            write("x" + b + ".npy", x); write("d" + b + ".npy", d); write("y" + b + ".npy", y);
            losses.append(m.trainOnBatch(List.of(x, d), List.of(y))).append('\n');
        }
        Files.writeString(Path.of("losses.txt"), losses);
        KerasExport.save(m, Path.of("final.keras"));
    }
}

import dev.recurrent.io.Npy;
import dev.recurrent.io.keras.KerasExport;
import dev.recurrent.layers.*;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import java.io.OutputStream;
import java.nio.file.*;
import java.util.*;

public class ExportCheck {
    static Random random = new Random(5);

    static void write(Path p, float[] d, int[] shape) throws Exception {
        try (OutputStream o = Files.newOutputStream(p)) { Npy.write(o, d, shape); }
    }

    static void check(String name, Sequential m, int[] inShape, boolean ids) throws Exception {
        m.build(); for (Layer l : m.layers()) for (Parameter p : l.parameters()) {
            if (p.name().contains("bias")) for (int i = 0; i < p.size(); i++) p.value()[i] = random.nextFloat() - 0.5f;
        }
        int n = 1; for (int s : inShape) n *= s;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = ids ? 1 + random.nextInt(9) : random.nextFloat() * 2 - 1;
        if (ids) { x[inShape[1] - 1] = 0; x[inShape[1] - 2] = 0; }
        else { int step = inShape[2]; for (int i = 0; i < step * 2; i++) x[(inShape[1] - 2) * step + i] = 0; }
        Tensor y = m.predict(Tensor.of(x, inShape), 8);
        KerasExport.save(m, Path.of(name + ".keras"));
        write(Path.of(name + "_x.npy"), x, inShape);
        write(Path.of(name + "_y.npy"), y.data(), y.shape());
        System.out.println(name + " " + Arrays.toString(y.shape()));
    }

    public static void main(String[] a) throws Exception {
        check("lstm_masked", new Sequential().input(6, 3).seed(1)
                .add(new Masking(0f))
                .add(LSTM.builder(5).returnSequences(true).kernelRegularizer("l2").build())
                .add(GRU.of(4)).add(Dense.of(2)), new int[] {3, 6, 3}, false);
        check("gru_before_bi", new Sequential().input(6, 3).seed(2)
                .add(new Bidirectional(GRU.builder(4).resetAfter(false).returnSequences(true).build()))
                .add(new TimeDistributed(Dense.of(3))), new int[] {3, 6, 3}, false);
        check("embedding_rnn", new Sequential().input(6).seed(3)
                .add(new Embedding(10, 4, true))
                .add(SimpleRNN.builder(5).goBackwards(true).build())
                .add(new Dropout(0.3f)).add(Dense.of(1)), new int[] {3, 6}, true);
    }
}

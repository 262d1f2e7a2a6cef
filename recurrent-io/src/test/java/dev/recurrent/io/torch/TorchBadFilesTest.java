package dev.recurrent.io.torch;

import dev.recurrent.layers.Dense;
import dev.recurrent.layers.GRU;
import dev.recurrent.layers.LSTM;
import dev.recurrent.layers.ProjectedLSTM;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged safetensors files and state dicts that do not fit: one line naming the file and the tensor. */
class TorchBadFilesTest {
    @TempDir
    Path dir;

    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(dir.resolve("f.safetensors"), b.array());
    }

    private void refused(Path f, String expected) {
        TorchImportException e = assertThrows(TorchImportException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    }

    @Test
    void aHeaderLongerThanTheFileIsRefusedBeforeItIsRead() throws IOException {
        Path f = file("{}", 0);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(f, bytes);
        refused(f, "the header length is 1099511627776 bytes, but the file has 2 after it");
        Files.write(f, new byte[] {1, 2, 3});
        refused(f, "the file has 3 bytes");
    }

    @Test
    void rangesOutsideTheDataOrNotTilingItAreRefused() throws IOException {
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "outside the 4 bytes");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "has 4 bytes for shape [2]");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "neither overlap nor leave gaps");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8), "cover 4 bytes");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}", 4),
                "more values than an array holds");
    }

    @Test
    void otherDtypesAndBadJsonAreRefused() throws IOException {
        refused(file("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "dtype I64");
        refused(file("{\"a\":1, \"a\":2}", 0), "not valid JSON");
        refused(file("[1, 2]", 0), "not a JSON object");
        refused(file("{\"__metadata__\":{\"format\":1}}", 0), "__metadata__.format is not a string");
    }

    private Path stateDict(List<Safetensors.Tensor> tensors) throws IOException {
        Path f = dir.resolve("s.safetensors");
        Safetensors.write(f, tensors, Map.of());
        return f;
    }

    /** An nn.LSTM(3, 4, proj_size=2)'s tensors of one direction; {@code hr} the shape of weight_hr. */
    private static List<Safetensors.Tensor> projected(String suffix, int... hr) {
        return List.of(new Safetensors.Tensor("weight_ih" + suffix, new int[] {16, 3}, new float[48]),
                new Safetensors.Tensor("weight_hh" + suffix, new int[] {16, 2}, new float[32]),
                new Safetensors.Tensor("weight_hr" + suffix, hr, new float[hr[0] * hr[1]]));
    }

    @Test
    void aBidirectionalProjectionLstmIsRefusedInOneLine() throws IOException {
        Path f = stateDict(concat(projected("_l0", 2, 4), projected("_l0_reverse", 2, 4)));
        TorchImportException e = assertThrows(TorchImportException.class,
                () -> TorchWeights.buildSequential(f, TorchSpec.of(3)));
        assertTrue(e.getMessage().endsWith("module '' is a bidirectional nn.LSTM with proj_size 2, which is not"
                + " supported: ProjectedLSTM cannot be wrapped in Bidirectional"), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    }

    @Test
    void projectionsOfTheWrongShapeOrInTheWrongPlaceAreRefused() throws IOException {
        Path wrong = stateDict(projected("_l0", 2, 5));
        TorchImportException e = assertThrows(TorchImportException.class,
                () -> TorchWeights.buildSequential(wrong, TorchSpec.of(3)));
        assertTrue(e.getMessage().endsWith("'weight_hr_l0' has shape [2, 5]; expected [2, 4]"), e.getMessage());
        Path stray = stateDict(List.of(new Safetensors.Tensor("weight_ih_l0", new int[] {16, 3}, new float[48]),
                new Safetensors.Tensor("weight_hh_l0", new int[] {16, 4}, new float[64]),
                new Safetensors.Tensor("weight_hr_l1", new int[] {2, 4}, new float[8])));
        e = assertThrows(TorchImportException.class, () -> TorchWeights.buildSequential(stray, TorchSpec.of(3)));
        assertTrue(e.getMessage().endsWith("weight_hr_l1 do not fit the module '' (1 layer(s), one direction, no biases)"),
                e.getMessage());
    }

    @Test
    void aProjectionLstmDoesNotLoadIntoAPlainLstmNorTheOtherWay() {
        Sequential plain = new Sequential().input(5, 3).add(LSTM.of(5)).add(Dense.of(2)).build();
        TorchImportException e = assertThrows(TorchImportException.class,
                () -> TorchWeights.load(TorchFixtures.file("lstm_proj_head.safetensors"), plain));
        assertTrue(e.getMessage().contains("(nn.LSTM, hidden_size 5, proj_size 2, input_size 3, num_layers 1)")
                && e.getMessage().endsWith("the projection (proj_size) differ"), e.getMessage());
        Sequential projected = new Sequential().input(5, 3).add(ProjectedLSTM.of(4, 2)).add(Dense.of(2)).build();
        e = assertThrows(TorchImportException.class,
                () -> TorchWeights.load(TorchFixtures.file("lstm_bidirectional_head.safetensors"), projected));
        assertTrue(e.getMessage().contains("(1 ProjectedLSTM layer(s) of 4 units projected to 2)")
                && e.getMessage().endsWith("the projection (proj_size), the directions differ"), e.getMessage());
        e = assertThrows(TorchImportException.class, () -> TorchWeights.buildSequential(
                TorchFixtures.file("lstm_proj_2layers.safetensors"), TorchSpec.of(5).withProjSize(0)));
        assertTrue(e.getMessage().contains("proj_size 0 was asked for, but the file holds '*' (nn.LSTM, hidden_size 5,"
                + " proj_size 3"), e.getMessage());
    }

    private static List<Safetensors.Tensor> concat(List<Safetensors.Tensor> a, List<Safetensors.Tensor> b) {
        List<Safetensors.Tensor> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aModuleOfOtherShapesLeavesTheModelAsItWas() throws IOException {
        Sequential gru = new Sequential().input(5, 3).add(GRU.of(4)).build();
        List<float[]> before = gru.getWeights();
        TorchImportException e = assertThrows(TorchImportException.class,
                () -> TorchWeights.load(TorchFixtures.file("lstm_2layers.safetensors"), gru));
        assertTrue(e.getMessage().contains("module '*' (nn.LSTM, hidden_size 4, input_size 3, num_layers 2)")
                && e.getMessage().contains("the cell, the number of layers differ"), e.getMessage());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), gru.getWeights().get(i));
        }
        Sequential wide = new Sequential().input(5, 2).add(LSTM.builder(4).returnSequences(true).build())
                .add(LSTM.of(4)).build();
        e = assertThrows(TorchImportException.class,
                () -> TorchWeights.load(TorchFixtures.file("lstm_2layers.safetensors"), wide));
        assertTrue(e.getMessage().endsWith("on 2 input features: the input size differ"), e.getMessage());
    }

    @Test
    void flagsThatDisagreeWithTheFileNameBoth() {
        TorchImportException e = assertThrows(TorchImportException.class, () -> TorchWeights.buildSequential(
                TorchFixtures.file("lstm_2layers.safetensors"), TorchSpec.of(5).withCell("gru")));
        assertTrue(e.getMessage().contains("cell gru was asked for, but the file holds '*' (nn.LSTM"), e.getMessage());
    }

    @Test
    void aNameOfNoKnownModuleIsRefused() throws IOException {
        Path f = stateDict(List.of(new Safetensors.Tensor("encoder.norm.running_mean", new int[] {2}, new float[2])));
        TorchImportException e = assertThrows(TorchImportException.class,
                () -> TorchWeights.buildSequential(f, TorchSpec.of(3)));
        assertTrue(e.getMessage().contains("'encoder.norm.running_mean' is not a weight of nn.LSTM"), e.getMessage());
        Path missing = stateDict(List.of(new Safetensors.Tensor("weight_hh_l0", new int[] {8, 2}, new float[16]),
                new Safetensors.Tensor("weight_ih_l0", new int[] {8, 3}, new float[24]),
                new Safetensors.Tensor("weight_ih_l0_reverse", new int[] {8, 3}, new float[24])));
        e = assertThrows(TorchImportException.class, () -> TorchWeights.buildSequential(missing, TorchSpec.of(3)));
        assertTrue(e.getMessage().endsWith("'weight_hh_l0_reverse' is missing"), e.getMessage());
        assertTrue(Arrays.asList(e.getMessage().split("\n")).size() == 1);
    }
}

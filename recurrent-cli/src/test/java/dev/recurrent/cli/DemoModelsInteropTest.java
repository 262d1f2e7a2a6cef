package dev.recurrent.cli;

import dev.recurrent.cli.demos.DemoModels;
import dev.recurrent.cli.demos.DemoModels.DemoModel;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.io.ModelFormats;
import dev.recurrent.io.ModelFormats.Format;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Recurrent;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every demo's own network through {@code .keras} and {@code .safetensors} (read back: the same
 * predictions, bit for bit) and {@code .onnx} (run in ONNX Runtime: within 1e-5); the cells the
 * sales and addition demos take with {@code --cell} where the format maps them, and a one-line
 * refusal naming the layer where it does not.
 */
class DemoModelsInteropTest {
    private static final double ONNX_TOLERANCE = 1e-5;
    private static final List<String> FORMATS = List.of("keras", "safetensors", "onnx");
    /** The formats each {@code --cell} of the sales and addition demos maps to; the demos' own networks map to all. */
    private static final Map<String, Set<String>> CELL_FORMATS = Map.of(
            "peephole", Set.of("onnx"),
            "cifg", Set.of("onnx"),
            "gru", Set.of("keras", "safetensors", "onnx"),
            "gru_reset_before", Set.of("keras", "onnx"),
            "mgu", Set.of(),
            "layer_norm_lstm", Set.of(),
            "layer_norm_gru", Set.of(),
            "projected_lstm", Set.of("safetensors"));

    @TempDir
    Path dir;

    private static float[] predict(Sequential m, Tensor x, int batch) {
        m.resetStates();
        return m.predict(x, batch).data();
    }

    private static boolean stateful(Sequential m) {
        for (Layer l : m.layers()) {
            if (l instanceof Recurrent r && r.config().stateful()) {
                return true;
            }
        }
        return false;
    }

    private Path file(DemoModel d, String format) {
        return dir.resolve(d.name().replace(' ', '_') + "." + format);
    }

    /** Writes the network in {@code format}, then reads it back or runs it, and compares the predictions. */
    private void assertRoundTrip(DemoModel d, String format) throws IOException {
        Format f = ModelFormats.byName(format);
        Sequential original = d.build(1);
        Tensor x = ConvertCommand.randomBatch(original, d.batch(), 5);
        float[] expected = predict(original, x, d.batch());
        Path file = file(d, format);
        f.write(original, file, new ModelFormats.WriteOptions(stateful(original) ? d.batch() : 0));
        String what = d.name() + " via " + format;
        if (format.equals("onnx")) {
            float[] actual = f.runner().run(file, x).data();
            assertEquals(expected.length, actual.length, what);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], ONNX_TOLERANCE, what + ", value " + i);
            }
            return;
        }
        // A state dict holds weights only: they replace those of the same network built from another seed.
        assertFalse(Arrays.equals(expected, predict(d.build(2), x, d.batch())), what);
        Sequential back = f.read(file, new ModelFormats.ReadOptions(-1, () -> d.build(2), Map.of()));
        assertEquals(stateful(original), stateful(back), what);
        assertArrayEquals(expected, predict(back, x, d.batch()), what);
    }

    @Test
    void everyDemoNetworkGoesThroughEveryFormat() throws IOException {
        for (DemoModel d : DemoModels.all()) {
            for (String format : FORMATS) {
                assertRoundTrip(d, format);
            }
        }
    }

    @Test
    void everyDemoCellGoesWhereItMapsAndIsRefusedInOneLineElsewhere() throws IOException {
        for (DemoModel d : DemoModels.cellVariants()) {
            Set<String> maps = CELL_FORMATS.get(d.name().substring(d.name().indexOf("--cell ") + 7));
            for (String format : FORMATS) {
                if (maps.contains(format)) {
                    assertRoundTrip(d, format);
                    continue;
                }
                Sequential model = d.build(1);
                Path file = file(d, format);
                String message = assertThrows(Exception.class, () -> ModelFormats.byName(format).write(model, file,
                        new ModelFormats.WriteOptions(d.batch())), d.name() + " via " + format).getMessage();
                Layer cell = model.layers().get(0);
                assertTrue(message.contains("'" + cell.name() + "'") && !message.contains("\n"), message);
                assertFalse(Files.exists(file), file + " was left behind");
            }
        }
    }

    private Path saved(String demo) throws IOException {
        Path model = dir.resolve(demo.replace(' ', '_') + ".model");
        ModelFiles.save(DemoModels.named(demo).build(1), model);
        return model;
    }

    private static double largestDifference(DemoCommandsTest.Run r) {
        assertEquals(0, r.code(), r.out() + r.err());
        Matcher m = Pattern.compile("Largest absolute difference: (\\S+) ").matcher(r.out());
        assertTrue(m.find(), r.out());
        return Double.parseDouble(m.group(1));
    }

    private static void assertOneErrorLine(DemoCommandsTest.Run r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(expected), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void theConvertCommandTakesDemoNetworksToEveryFormat() throws IOException {
        assertEquals(0.0, largestDifference(DemoCommandsTest.run("convert", saved("alphabet 3").toString(),
                dir.resolve("alphabet.keras").toString())));
        assertEquals(0.0, largestDifference(DemoCommandsTest.run("convert", saved("dinner").toString(),
                dir.resolve("dinner.safetensors").toString())));

        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", saved("addition lstm").toString(),
                dir.resolve("addition.onnx").toString());
        assertTrue(r.out().contains("(the written file run in its own runtime)"), r.out());
        double onnx = largestDifference(r);
        assertTrue(onnx <= ONNX_TOLERANCE, String.format(Locale.ROOT, "%g", onnx));

        assertOneErrorLine(DemoCommandsTest.run("convert", saved("addition --cell mgu").toString(),
                dir.resolve("mgu.onnx").toString()), "layer 'mgu' (MGU): no ONNX operator");
    }

    @Test
    void aStatefulDemoNetworkGoesToKerasWithABatchSizeAndIsRefusedWithoutOne() throws IOException {
        Path sales = saved("sales lstm");
        Path out = dir.resolve("sales.keras");
        assertOneErrorLine(DemoCommandsTest.run("convert", sales.toString(), out.toString()),
                "layer 'lstm' is stateful, and Keras needs a fixed batch size for that: give --batch-size N");
        assertOneErrorLine(DemoCommandsTest.run("convert", sales.toString(), out.toString(), "--batch-size", "0"),
                "--batch-size: expected a positive batch size, got 0");
        assertFalse(Files.exists(out));

        DemoCommandsTest.Run r = DemoCommandsTest.run("convert", sales.toString(), out.toString(), "--batch-size", "1",
                "--batch", "1");
        assertEquals(0.0, largestDifference(r));
        assertTrue(r.out().contains("Wrote " + out + " (keras)"), r.out());
    }
}

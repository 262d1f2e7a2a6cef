package dev.recurrent.io.keras;

import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Truncated, corrupted and hostile Keras files are refused with one {@link KerasImportException}
 * naming the problem, and never make the importer allocate what they declare (the tests run with
 * a 256 MiB heap).
 */
class KerasDamagedFileTest {
    private static final String INPUT = "\"batch_input_shape\": [null, 2, 3]";

    @TempDir
    Path dir;

    private static String sequential(String layer) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" + layer + "]}}";
    }

    private static String lstm(int units, String input) {
        return "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", " + input + ", \"units\": " + units
                + ", \"recurrent_activation\": \"sigmoid\"}}";
    }

    private Path good() {
        return new KerasFileFixture("2.2.4", sequential(lstm(2, INPUT)))
                .weight("lstm_1", "lstm_1/kernel:0", new float[3][8])
                .weight("lstm_1", "lstm_1/recurrent_kernel:0", new float[2][8])
                .weight("lstm_1", "lstm_1/bias:0", new float[8])
                .write(dir.resolve("good.h5"));
    }

    private static String refused(byte[] bytes, String... fragments) {
        String m = assertThrows(KerasImportException.class, () -> KerasModels.load(bytes)).getMessage();
        for (String f : fragments) {
            assertTrue(m.contains(f), "expected '" + f + "' in: " + m);
        }
        assertTrue(!m.contains("\n"), "one line: " + m);
        return m;
    }

    @Test
    void aTruncatedH5IsRefused() throws IOException {
        byte[] full = Files.readAllBytes(good());
        for (int keep : new int[] {0, 7, 100, full.length / 2}) {
            refused(Arrays.copyOf(full, keep));
        }
    }

    @Test
    void everyCorruptedByteEitherLoadsOrIsRefusedWithTheOneException() throws IOException {
        byte[] full = Files.readAllBytes(good());
        int refusedCount = 0;
        for (int at = 0; at < full.length; at += 7) {
            byte[] b = full.clone();
            b[at] ^= (byte) 0xA5;
            try {
                Sequential m = KerasModels.load(b);
                m.predict(dev.recurrent.tensor.Tensor.of(new float[6], 1, 2, 3), 1);
            } catch (KerasImportException e) {
                refusedCount++;
            } catch (RuntimeException e) {
                fail("byte " + at + ": " + e, e);
            }
        }
        assertTrue(refusedCount > 0, "some corruption must be noticed");
    }

    @Test
    void garbageAndEmptyInputsAreRefused() {
        refused(new byte[0]);
        refused("not a keras file at all".getBytes(StandardCharsets.UTF_8), "not a readable HDF5 file");
        assertThrows(KerasImportException.class,
                () -> KerasModels.load(new ByteArrayInputStream(new byte[] {(byte) 0x89, 'H', 'D', 'F'})));
    }

    @Test
    void aConfigAskingForMoreThanTheFileHoldsIsRefusedBeforeBuilding() {
        // a billion units would be 16·10^18 weights: the stored 48 values decide
        Path huge = new KerasFileFixture("2.2.4", sequential(lstm(1_000_000_000, INPUT)))
                .weight("lstm_1", "lstm_1/kernel:0", new float[3][8])
                .weight("lstm_1", "lstm_1/recurrent_kernel:0", new float[2][8])
                .weight("lstm_1", "lstm_1/bias:0", new float[8])
                .write(dir.resolve("units.h5"));
        String m = assertThrows(KerasImportException.class, () -> KerasModels.load(huge)).getMessage();
        assertTrue(m.startsWith("layer 'lstm_1' (LSTM): the file stores 48 weight values"), m);

        Path steps = new KerasFileFixture("2.2.4", sequential(lstm(2, "\"batch_input_shape\": [null, 2000000000, 3]")))
                .weight("lstm_1", "lstm_1/kernel:0", new float[3][8])
                .write(dir.resolve("steps.h5"));
        m = assertThrows(KerasImportException.class, () -> KerasModels.load(steps)).getMessage();
        assertTrue(m.contains("batch_input_shape") && m.contains("out of range"), m);
    }

    @Test
    void valuesALayerRefusesAreNamedWithTheLayer() {
        String dropout = "{\"class_name\": \"Dropout\", \"config\": {\"name\": \"dropout_1\", " + INPUT + ", \"rate\": 2.0}}";
        Path file = new KerasFileFixture("2.2.4", sequential(dropout)).write(dir.resolve("rate.h5"));
        String m = assertThrows(KerasImportException.class, () -> KerasModels.load(file)).getMessage();
        assertTrue(m.startsWith("layer 'dropout_1' (Dropout): ") && m.contains("rate"), m);
        Path units = new KerasFileFixture("2.2.4", sequential(lstm(-3, INPUT))).write(dir.resolve("neg.h5"));
        m = assertThrows(KerasImportException.class, () -> KerasModels.load(units)).getMessage();
        assertTrue(m.startsWith("layer 'lstm_1' (LSTM): "), m);
    }

    @Test
    void aMissingWeightIsNamed() {
        Path file = new KerasFileFixture("2.2.4", sequential(lstm(2, INPUT)))
                .weight("lstm_1", "lstm_1/kernel:0", new float[3][8])
                .write(dir.resolve("missing.h5"));
        String m = assertThrows(KerasImportException.class, () -> KerasModels.load(file)).getMessage();
        assertTrue(m.startsWith("layer 'lstm_1' (LSTM): the file stores 24 weight values"), m);
    }

    private static byte[] zip(String[] names, byte[][] contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < names.length; i++) {
                z.putNextEntry(new ZipEntry(names[i]));
                z.write(contents[i]);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hostileArchivesAreRefused() throws IOException {
        byte[] json = utf8(sequential(lstm(2, INPUT)));
        refused(zip(new String[] {"../config.json"}, new byte[][] {json}), "outside the archive");
        refused(zip(new String[] {"/etc/passwd"}, new byte[][] {json}), "outside the archive");
        refused(zip(new String[] {"config.json"}, new byte[][] {json}), "lacks model.weights.h5");
        refused(zip(new String[] {"config.json", "model.weights.npz"}, new byte[][] {json, new byte[4]}), "npz");
        // a config inflating to more than any model's (zeros deflate about a thousandfold)
        refused(zip(new String[] {"config.json"}, new byte[][] {new byte[17 << 20]}), "config.json", "expands to more");
        String[] many = new String[300];
        byte[][] empty = new byte[300][];
        for (int i = 0; i < many.length; i++) {
            many[i] = "assets/" + i;
            empty[i] = new byte[0];
        }
        refused(zip(many, empty), "more than 256 entries");
    }

    @Test
    void aTruncatedOrCorruptedArchiveIsRefused() throws IOException {
        Path weights = good();
        byte[] zip = zip(new String[] {"metadata.json", "config.json", "model.weights.h5"},
                new byte[][] {utf8("{\"keras_version\": \"3.3.3\"}"), utf8(sequential(lstm(2, INPUT))),
                        Files.readAllBytes(weights)});
        refused(Arrays.copyOf(zip, zip.length / 2));
        byte[] flipped = zip.clone();
        flipped[zip.length / 3] ^= 0x5A;
        refused(flipped);
        for (int at = 0; at < zip.length; at += 11) {
            byte[] b = zip.clone();
            b[at] ^= (byte) 0xA5;
            try {
                KerasModels.load(b);
            } catch (KerasImportException e) {
                assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            } catch (RuntimeException e) {
                fail("byte " + at + " of the archive: " + e, e);
            }
        }
    }
}

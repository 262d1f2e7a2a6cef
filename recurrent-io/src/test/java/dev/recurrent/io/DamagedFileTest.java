package dev.recurrent.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged and hostile files are refused with a message that names the file and the entry, and
 * never make the loader allocate what they declare (the tests run with a 256 MiB heap).
 */
class DamagedFileTest {
    @TempDir
    Path dir;

    private Sequential model;
    private Path good;
    private byte[] goodBytes;

    @BeforeEach
    void saveAGoodFile() throws IOException {
        model = Models.seq2seq(9);
        model.fit(Models.inputs(model, 4, 2), Models.random(3, 4, 3, 2),
                dev.recurrent.model.FitOptions.defaults().epochs(1).batchSize(2));
        good = dir.resolve("good.zip");
        ModelFiles.save(model, good);
        goodBytes = Files.readAllBytes(good);
    }

    /** Loads {@code file}, expecting a refusal whose message names the file and holds every fragment. */
    private InvalidModelFileException refused(Path file, String entry, String... fragments) {
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> ModelFiles.load(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), m);
        if (entry != null) {
            assertEquals(entry, e.entry(), m);
            assertTrue(m.contains(entry), m);
        }
        for (String f : fragments) {
            assertTrue(m.contains(f), "expected '" + f + "' in: " + m);
        }
        return e;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    // ------------------------------------------------------------------ the container

    @Test
    void notAZip() throws IOException {
        refused(file("text.zip", "{\"format\": \"recurrent-model\"}".getBytes(StandardCharsets.UTF_8)), null, "not a zip");
        refused(file("empty.zip", new byte[0]), null, "not a zip");
        refused(file("npy.zip", NpyTest.write(new float[3], 3)), null, "not a zip");
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ModelFiles.load(dir.resolve("absent.zip")));
    }

    @Test
    void truncatedAnywhere() throws IOException {
        for (int len : new int[] {1, 4, 30, goodBytes.length / 3, goodBytes.length / 2, goodBytes.length - 22,
                                  goodBytes.length - 1}) {
            refused(file("cut.zip", Arrays.copyOf(goodBytes, len)), null);
        }
    }

    @Test
    void aFlippedBitInAWeightIsACrcError() throws IOException {
        byte[] b = goodBytes.clone();
        int header = Zips.indexOf(b, "'shape': (6, 18)".getBytes(StandardCharsets.US_ASCII), 0);
        assertTrue(header > 0, "gru/recurrent_kernel's header");
        int data = Zips.indexOf(b, new byte[] {'\n'}, header) + 1;
        b[data + 37] ^= 0x10;
        refused(file("flipped.zip", b), "gru/recurrent_kernel.npy", "CRC");
    }

    /**
     * A bit flipped anywhere in the file is refused, or falls where it changes nothing that is read
     * (an entry's timestamp, say): the model loads and predicts exactly as before.
     */
    @Test
    void aFlippedBitAnywhereIsRefusedOrHarmless() throws IOException {
        Tensor x = Models.inputs(model, 3, 1);
        int[] expected = Models.bits(model.predict(x, 3).data());
        int refused = 0, harmless = 0;
        int step = Math.max(1, goodBytes.length / 150);
        for (int i = 0; i < goodBytes.length; i += step) {
            byte[] b = goodBytes.clone();
            b[i] ^= (byte) (1 << (i % 8));
            Path p = file("flip.zip", b);
            try {
                Sequential m = ModelFiles.load(p);
                assertArrayEquals(expected, Models.bits(m.predict(x, 3).data()), "flip at byte " + i + " loaded silently");
                harmless++;
            } catch (InvalidModelFileException e) {
                assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
                refused++;
            }
        }
        assertTrue(refused > harmless, refused + " refused, " + harmless + " harmless");
    }

    // ------------------------------------------------------------------ the entries

    @Test
    void missingEntry() throws IOException {
        refused(Zips.with(good, dir.resolve("m.zip"), "dense/bias.npy", null), "dense/bias.npy", "missing entry");
        refused(Zips.with(good, dir.resolve("m.zip"), "optimizer/velocity/3.npy", null), "optimizer/velocity/3.npy",
                "missing entry");
        refused(Zips.with(good, dir.resolve("m.zip"), "model.json", null), null, "no model.json entry");
    }

    @Test
    void unexpectedEntry() throws IOException {
        refused(Zips.with(good, dir.resolve("u.zip"), "extra/kernel.npy", NpyTest.write(new float[2], 2)),
                "extra/kernel.npy", "unexpected entry");
        refused(Zips.with(good, dir.resolve("u.zip"), "../../etc/passwd", new byte[1]), "../../etc/passwd", "unexpected");
    }

    @Test
    void weightOfWrongShapeOrDtype() throws IOException {
        // simple_rnn/kernel is (3, 7): the same values transposed, a '<f8' array, one value short
        refused(Zips.with(good, dir.resolve("s.zip"), "simple_rnn/kernel.npy", NpyTest.write(new float[21], 7, 3)),
                "simple_rnn/kernel.npy", "shape (7, 3) does not match the expected (3, 7)");
        byte[] f8 = NpyTest.withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 7), }");
        InvalidModelFileException e = refused(Zips.with(good, dir.resolve("d.zip"), "simple_rnn/kernel.npy",
                Arrays.copyOf(f8, f8.length + 168)), "simple_rnn/kernel.npy", "dtype '<f8' is not float32");
        assertEquals(dir.resolve("d.zip") + ": simple_rnn/kernel.npy: dtype '<f8' is not float32 little-endian ('<f4')",
                e.getMessage());
        byte[] fortran = NpyTest.withHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 7), }");
        refused(Zips.with(good, dir.resolve("f.zip"), "simple_rnn/kernel.npy", Arrays.copyOf(fortran, fortran.length + 84)),
                "simple_rnn/kernel.npy", "Fortran order");
        // an entry far larger than the array it should hold is refused from its declared size alone
        refused(Zips.with(good, dir.resolve("l.zip"), "simple_rnn/kernel.npy", NpyTest.write(new float[21_000], 3, 7000)),
                "simple_rnn/kernel.npy", "declares");
        refused(Zips.with(good, dir.resolve("t.zip"), "simple_rnn/bias.npy", Arrays.copyOf(NpyTest.write(new float[7], 7),
                NpyTest.write(new float[7], 7).length - 4)), "simple_rnn/bias.npy");
    }

    @Test
    void nonFiniteWeights() throws IOException {
        float[] v = new float[7];
        v[3] = Float.NaN;
        refused(Zips.with(good, dir.resolve("nan.zip"), "simple_rnn/bias.npy", NpyTest.write(v, 7)),
                "simple_rnn/bias.npy", "non-finite value (NaN) at flat index 3");
        v[3] = Float.NEGATIVE_INFINITY;
        refused(Zips.with(good, dir.resolve("inf.zip"), "simple_rnn/bias.npy", NpyTest.write(v, 7)),
                "simple_rnn/bias.npy", "-Infinity");
        float[] slot = new float[21];
        slot[20] = Float.POSITIVE_INFINITY;
        refused(Zips.with(good, dir.resolve("slot.zip"), "optimizer/velocity/0.npy", NpyTest.write(slot, 3, 7)),
                "optimizer/velocity/0.npy", "non-finite");
    }

    @Test
    void hugeDeclaredShapeIsRefusedBeforeAllocating() throws IOException {
        byte[] huge = NpyTest.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 7), }");
        byte[] hostile = NpyTest.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (30000, 70000), }");
        // same size as the real entry, so that only the header lies
        byte[] padded = Arrays.copyOf(hostile, huge.length + 84);
        refused(Zips.with(good, dir.resolve("h.zip"), "simple_rnn/kernel.npy", padded), "simple_rnn/kernel.npy",
                "shape (30000, 70000) does not match the expected (3, 7)");
        byte[] header = new byte[10 + 84];
        System.arraycopy(Npy.MAGIC, 0, header, 0, 6);
        header[6] = 1;
        header[8] = (byte) 0xFF;
        header[9] = (byte) 0xFF;
        refused(Zips.with(good, dir.resolve("hh.zip"), "simple_rnn/kernel.npy", header), "simple_rnn/kernel.npy");
    }

    /** An entry that inflates far beyond its expected size is cut off after the expected bytes. */
    @Test
    void zipBombIsCutOff() throws IOException {
        byte[] npy = NpyTest.write(new float[21], 3, 7);
        long bombSize = 320L << 20;   // a valid array followed by zeros, more than the test heap
        Path p = dir.resolve("bomb.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.setLevel(Deflater.BEST_SPEED);
            for (Map.Entry<String, byte[]> e : Zips.read(good).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getKey().equals("simple_rnn/kernel.npy")) {
                    z.write(npy);
                    byte[] zeros = new byte[1 << 20];
                    for (long n = npy.length; n < bombSize; n += zeros.length) {
                        z.write(zeros, 0, (int) Math.min(zeros.length, bombSize - n));
                    }
                } else {
                    z.write(e.getValue());
                }
                z.closeEntry();
            }
        }
        assertTrue(Files.size(p) < 4 << 20, "the bomb is small on disk");
        refused(p, "simple_rnn/kernel.npy", "declares " + bombSize + " bytes");
        // the same bomb with a central directory that lies about the size: the read stops at the expected size
        byte[] zip = Files.readAllBytes(p);
        int cen = centralHeader(zip, "simple_rnn/kernel.npy");
        ByteBuffer.wrap(zip, cen + 24, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(npy.length);
        refused(file("liar.zip", zip), "simple_rnn/kernel.npy", "more than the " + npy.length + " bytes");
    }

    private static int centralHeader(byte[] zip, String name) {
        byte[] sig = {0x50, 0x4b, 0x01, 0x02};
        for (int i = Zips.indexOf(zip, sig, 0); i >= 0; i = Zips.indexOf(zip, sig, i + 1)) {
            int nameLen = (zip[i + 28] & 0xFF) | (zip[i + 29] & 0xFF) << 8;
            if (new String(zip, i + 46, nameLen, StandardCharsets.UTF_8).equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no central header for " + name);
    }

    // ------------------------------------------------------------------ model.json

    private Path withJson(String name, String json) throws IOException {
        return Zips.with(good, dir.resolve(name), "model.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void malformedJson() throws IOException {
        String json = Zips.json(good);
        refused(withJson("j1.zip", json.substring(0, json.length() / 2)), "model.json", "malformed JSON");
        refused(withJson("j2.zip", "[1, 2, 3]"), "model.json", "expected a JSON object");
        refused(withJson("j3.zip", json + " {}"), "model.json", "malformed JSON");
        refused(withJson("j4.zip", json.replaceFirst("\"format\"", "\"format\" : 1, \"format\"")), "model.json",
                "malformed JSON", "format");
        refused(withJson("j5.zip", "\u0000\u0001binary"), "model.json", "malformed JSON");
    }

    @Test
    void wrongTypesAndValues() throws IOException {
        String json = Zips.json(good);
        refused(withJson("t1.zip", json.replace("\"units\" : 7", "\"units\" : \"7\"")), "model.json",
                "config.layers[0]", "`units` must be an integer");
        refused(withJson("t2.zip", json.replace("\"format_version\" : 1", "\"format_version\" : 99")), "model.json",
                "format_version 99");
        refused(withJson("t3.zip", json.replace("\"seed\" : 9", "\"seed\" : 9.5")), "model.json", "`config.seed` must be an integer");
        refused(withJson("t4.zip", json.replace("\"input_shape\" : [ 5, 3 ]", "\"input_shape\" : [ 5, -3 ]")),
                "model.json", "input_shape");
        refused(withJson("t5.zip", json.replace("\"return_sequences\" : true", "\"return_sequences\" : 1")),
                "model.json", "return_sequences");
        refused(withJson("t6.zip", json.replace("\"name\" : \"mean_squared_error\"", "\"name\" : \"mystery\"")),
                "model.json", "Unknown loss");
        refused(withJson("t7.zip", json.replace("\"class_name\" : \"RMSprop\"", "\"class_name\" : \"Lion\"")),
                "model.json", "unknown optimizer");
        refused(withJson("t8.zip", json.replace("\"format\" : \"recurrent-model\"", "\"format\" : \"keras\"")),
                "model.json", "`format`");
    }

    @Test
    void unknownLayerClassOrKey() throws IOException {
        String json = Zips.json(good);
        refused(withJson("c1.zip", json.replace("\"class_name\" : \"GRU\"", "\"class_name\" : \"Conv1D\"")),
                "model.json", "Unknown layer class 'Conv1D'");
        refused(withJson("c2.zip", json.replace("\"units\" : 7", "\"units\" : 7, \"peephole\" : true")),
                "model.json", "not recognized: [peephole]");
        refused(withJson("c3.zip", json.replace("\"format_version\" : 1", "\"format_version\" : 1, \"extra\" : 0")),
                "model.json", "unexpected key(s) extra");
        refused(withJson("c4.zip", json.replace("\"repeat_vector\"", "\"simple_rnn\"")), "model.json", "used twice");
        refused(withJson("c5.zip", json.replace("\"name\" : \"gru\"", "\"name\" : \"../gru\"")), "model.json",
                "cannot name a weight entry");
    }

    /** model.json with the first layer's units changed, and its weights listing made consistent with it. */
    private String withUnits(int units) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(Zips.json(good));
        ((ObjectNode) json.get("config").get("layers").get(0).get("config")).put("units", units);
        ArrayNode weights = (ArrayNode) json.get("weights");
        ((ArrayNode) weights.get(0).get("shape")).set(1, units);
        ((ArrayNode) weights.get(1).get("shape")).set(0, units).set(1, units);
        ((ArrayNode) weights.get(2).get("shape")).set(0, units);
        ((ArrayNode) weights.get(3).get("shape")).set(0, units);
        return mapper.writeValueAsString(json);
    }

    @Test
    void architectureNotMatchingTheWeights() throws IOException {
        String json = Zips.json(good);
        refused(withJson("a1.zip", json.replace("\"units\" : 7", "\"units\" : 8")), "model.json",
                "`weights` does not match the architecture", "simple_rnn/kernel.npy (3, 8)");
        // a consistent listing, but the .npy entries hold the old sizes
        refused(withJson("a2.zip", withUnits(8)), "simple_rnn/kernel.npy", "shape (3, 7) does not match the expected (3, 8)");
    }

    /** A tiny file that declares an enormous layer is refused before anything is built. */
    @Test
    void hostileArchitectureIsRefusedBeforeBuilding() throws IOException {
        // 4 * 100M^2 bytes for one recurrent kernel: building would fail with an OutOfMemoryError
        refused(withJson("big.zip", withUnits(100_000_000)), "simple_rnn/kernel.npy", "declares 212 bytes, but a .npy of shape (3, 100000000) takes 1200000000 bytes");
        refused(withJson("bigger.zip", withUnits(2_000_000_000)), "simple_rnn/kernel.npy",
                "shape (3, 2000000000), 6000000000 values, more than one array can hold");
        String overflow = Zips.json(good).replace("\"input_shape\" : [ 5, 3 ]", "\"input_shape\" : [ 5, 2147483647 ]");
        refused(withJson("overflow.zip", overflow), "model.json");
    }

    @Test
    void oversizedModelJsonIsNotRead() throws IOException {
        byte[] json = new byte[(1 << 20) + 1];
        Arrays.fill(json, (byte) ' ');
        json[0] = '{';
        json[json.length - 1] = '}';
        refused(Zips.with(good, dir.resolve("big-json.zip"), "model.json", json), "model.json",
                "declares 1048577 bytes, more than the 1048576 allowed");
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            deep.append('[');
        }
        refused(withJson("deep.zip", "{\"format\": " + deep), "model.json", "malformed JSON");
    }

    @Test
    void duplicateEntriesAreRefused() throws IOException {
        // ZipOutputStream refuses duplicate names, so write the second one under a same-length name and patch it
        Map<String, byte[]> entries = Zips.read(good);
        entries.put("dense/bias.np_", entries.get("dense/bias.npy"));
        Path p = Zips.write(dir.resolve("dup.zip"), entries);
        byte[] b = Files.readAllBytes(p);
        byte[] from = "dense/bias.np_".getBytes(StandardCharsets.US_ASCII), to = "dense/bias.npy".getBytes(StandardCharsets.US_ASCII);
        for (int i = Zips.indexOf(b, from, 0); i >= 0; i = Zips.indexOf(b, from, i + 1)) {
            System.arraycopy(to, 0, b, i, to.length);
        }
        refused(file("dup2.zip", b), "dense/bias.npy", "twice");
    }

    @Test
    void deflatedWeightsFromOtherToolsLoad() throws IOException {
        // Python's zipfile with ZIP_DEFLATED, say: the loader takes deflated entries too
        Map<String, byte[]> entries = Zips.read(good);
        Path p = dir.resolve("deflated.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Sequential m = ModelFiles.load(p);
        Models.assertSameWeights(model, m);
    }
}

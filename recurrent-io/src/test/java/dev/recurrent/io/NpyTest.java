package dev.recurrent.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .npy format byte by byte, as NumPy writes and reads it, and the reader's refusals. */
class NpyTest {
    /** {@code np.save(f, np.array([[0.5, -1.25, 3], [1e-3, -0.0, 7]], dtype='<f4'))} with NumPy 2.4. */
    private static final String NUMPY_2x3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBl"
            + "JzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/"
            + "AACgvwAAQEBvEoM6AAAAgAAA4EA=";
    /** The same tool writing {@code [[1, 2]]} as '<f8'. */
    private static final String NUMPY_F8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBl"
            + "JzogKDEsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD"
            + "wPwAAAAAAAABA";

    @Test
    void headerIsNumpyVersion1WithPaddedDict() throws IOException {
        float[] data = {1f, -2.5f, 3f, 0f, Float.MIN_VALUE, -0f, 7f, 8f, 9f, 10f, 11f, 12f};
        byte[] b = write(data, 3, 4);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6], "major version");
        assertEquals(0, b[7], "minor version");
        int headerLength = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "the data starts on a 64-byte boundary");
        String header = new String(b, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"), header);
        assertTrue(header.endsWith("\n"), "the header ends with a newline");
        assertEquals("", header.substring(header.indexOf('}') + 1, headerLength - 1).replace(" ", ""),
                "only spaces pad the header");
        assertEquals(10 + headerLength + 4 * data.length, b.length);
        ByteBuffer le = ByteBuffer.wrap(b, 10 + headerLength, 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(le.getFloat()), "little-endian float32");
        }
        assertEquals(Npy.fileSize(new int[] {3, 4}), b.length);
    }

    @Test
    void shapeTuplesAreWrittenAsPythonReprs() throws IOException {
        assertTrue(header(write(new float[5], 5)).contains("'shape': (5,), }"));
        assertTrue(header(write(new float[24], 2, 3, 4)).contains("'shape': (2, 3, 4), }"));
        assertTrue(header(write(new float[] {4f})).contains("'shape': (), }"));
        assertTrue(header(write(new float[0], 0, 3)).contains("'shape': (0, 3), }"));
        for (int[] s : new int[][] {{1}, {7, 130}, {123456789, 0}, {1, 2, 3, 4, 5, 6}}) {
            int len = Npy.header(s).length;
            assertEquals(0, len % 64, Arrays.toString(s));
        }
    }

    @Test
    void roundTripsEveryBitPattern() throws IOException {
        float[] data = {Float.MAX_VALUE, -Float.MIN_NORMAL, 1e-40f, -0f, 0.1f, (float) Math.PI};
        float[] back = Npy.read(in(write(data, 2, 3)), new int[] {2, 3}, "x.npy");
        assertArrayEquals(Models.bits(data), Models.bits(back));
        float[] big = new float[40_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.37f - 5;
        }
        assertArrayEquals(Models.bits(big), Models.bits(Npy.read(in(write(big, 200, 200)), new int[] {200, 200}, "big")));
    }

    @Test
    void readsWhatNumpyWrote() throws IOException {
        float[] v = Npy.read(in(Base64.getDecoder().decode(NUMPY_2x3)), new int[] {2, 3}, "numpy.npy");
        assertArrayEquals(Models.bits(new float[] {0.5f, -1.25f, 3f, 1e-3f, -0f, 7f}), Models.bits(v));
        Npy.Array a = Npy.read(in(Base64.getDecoder().decode(NUMPY_2x3)), 6, "numpy.npy");
        assertArrayEquals(new int[] {2, 3}, a.shape());
        IOException e = assertThrows(IOException.class,
                () -> Npy.read(in(Base64.getDecoder().decode(NUMPY_F8)), new int[] {1, 2}, "f8.npy"));
        assertTrue(e.getMessage().contains("f8.npy") && e.getMessage().contains("'<f8'"), e.getMessage());
    }

    @Test
    void refusesWrongShapeBeforeReadingData() {
        IOException e = assertThrows(IOException.class, () -> Npy.read(in(write(new float[12], 3, 4)),
                new int[] {4, 3}, "lstm/kernel.npy"));
        assertEquals("lstm/kernel.npy: shape (3, 4) does not match the expected (4, 3)", e.getMessage());
    }

    @Test
    void refusesAHugeDeclaredShapeWithoutAllocatingIt() {
        // a 74-byte file that claims 10^18 values, and one that claims 2^31 − 1 squared
        for (String shape : new String[] {"(1000000000, 1000000000)", "(2147483647, 2147483647)", "(99999999999,)"}) {
            byte[] b = withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }");
            IOException e = assertThrows(IOException.class, () -> Npy.read(in(b), new int[] {3, 4}, "w.npy"));
            assertTrue(e.getMessage().startsWith("w.npy: "), e.getMessage());
            IOException any = assertThrows(IOException.class, () -> Npy.read(in(b), 1_000_000, "w.npy"));
            assertTrue(any.getMessage().contains("too large") || any.getMessage().contains("more than")
                    || any.getMessage().contains("larger than"), any.getMessage());
        }
    }

    @Test
    void refusesAnOversizedHeader() {
        byte[] b = new byte[10];
        System.arraycopy(Npy.MAGIC, 0, b, 0, 6);
        b[6] = 1;
        b[8] = (byte) 0xFF;
        b[9] = (byte) 0xFF;   // 65535 bytes of header declared, none given
        IOException e = assertThrows(IOException.class, () -> Npy.read(in(b), new int[] {1}, "h.npy"));
        assertEquals("h.npy: the .npy header declares 65535 bytes, more than the 4096 allowed", e.getMessage());
        byte[] v2 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
        assertThrows(IOException.class, () -> Npy.read(in(v2), new int[] {1}, "h.npy"));
    }

    @Test
    void refusesMalformedHeaders() throws IOException {
        String[] bad = {
            "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
            "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",
            "{'descr': '<f4', 'shape': (2,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1, }",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,) }x",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), ",
            "{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }",
            "[1, 2]",
        };
        for (String h : bad) {
            byte[] b = withHeader(h);
            byte[] full = Arrays.copyOf(b, b.length + 8);
            IOException e = assertThrows(IOException.class, () -> Npy.read(in(full), new int[] {2}, "m.npy"), h);
            assertTrue(e.getMessage().startsWith("m.npy: "), e.getMessage());
        }
        // and accepts NumPy's variations: keys in another order, no trailing comma, Python 2 longs
        for (String h : new String[] {"{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}",
                                      "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L,)}"}) {
            byte[] b = withHeader(h);
            byte[] full = Arrays.copyOf(b, b.length + 8);
            assertEquals(2, Npy.read(in(full), new int[] {2}, "ok.npy").length, h);
        }
    }

    @Test
    void refusesTruncatedAndOverlongData() throws IOException {
        byte[] b = write(new float[] {1, 2, 3}, 3);
        IOException shortData = assertThrows(IOException.class,
                () -> Npy.read(in(Arrays.copyOf(b, b.length - 1)), new int[] {3}, "t.npy"));
        assertTrue(shortData.getMessage().contains("truncated"), shortData.getMessage());
        IOException longData = assertThrows(IOException.class,
                () -> Npy.read(in(Arrays.copyOf(b, b.length + 4)), new int[] {3}, "t.npy"));
        assertTrue(longData.getMessage().contains("bytes follow"), longData.getMessage());
        assertThrows(IOException.class, () -> Npy.read(in(Arrays.copyOf(b, 7)), new int[] {3}, "t.npy"));
        IOException notNpy = assertThrows(IOException.class,
                () -> Npy.read(in("PK\u0003\u0004 not numpy".getBytes(StandardCharsets.ISO_8859_1)), new int[] {3}, "t.npy"));
        assertTrue(notNpy.getMessage().contains("\\x93NUMPY"), notNpy.getMessage());
    }

    @Test
    void crcMatchesTheWrittenBytes() throws IOException {
        float[] data = new float[70_000];
        Arrays.fill(data, 0.25f);
        byte[] b = write(data, 70_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b);
        assertEquals(crc.getValue(), Npy.crc(data, new int[] {70_000}));
    }

    // ------------------------------------------------------------------ helpers

    static byte[] write(float[] data, int... shape) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, data, shape);
        return out.toByteArray();
    }

    private static String header(byte[] npy) {
        int len = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
        return new String(npy, 10, len, StandardCharsets.US_ASCII);
    }

    /** A version 1.0 preamble and {@code dict} padded as NumPy pads it, without data. */
    static byte[] withHeader(String dict) {
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        byte[] b = new byte[total];
        System.arraycopy(Npy.MAGIC, 0, b, 0, 6);
        b[6] = 1;
        b[8] = (byte) (total - 10);
        b[9] = (byte) ((total - 10) >> 8);
        byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(d, 0, b, 10, d.length);
        Arrays.fill(b, 10 + d.length, total - 1, (byte) ' ');
        b[total - 1] = '\n';
        return b;
    }

    private static InputStream in(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}

package dev.recurrent.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * NumPy's {@code .npy} format, version 1.0, for float32 arrays: what {@code np.save} writes and
 * {@code np.load} reads. Written by hand because it is a small binary format:
 *
 * <pre>
 * \x93NUMPY  (6 bytes)   1 0  (version, 2 bytes)   HEADER_LEN (uint16, little-endian)
 * {'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }   spaces ... \n
 * data: the values, float32 little-endian, C (row-major) order
 * </pre>
 *
 * The header is padded with spaces and ends with {@code \n} so that the data starts at a multiple
 * of 64 bytes, as NumPy writes it.
 *
 * <p>Reading is defensive: the header must be at most {@link #MAX_HEADER_LENGTH} bytes, the dtype
 * {@code '<f4'}, the order C, and the shape the one the caller expects, all checked before the data
 * array is allocated; the data must be complete and nothing may follow it.
 */
public final class Npy {
    /** The longest header (after the 10-byte preamble) the reader accepts; NumPy writes 118 or less for rank ≤ 4. */
    public static final int MAX_HEADER_LENGTH = 4096;

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int CHUNK = 1 << 16;

    private Npy() {
    }

    /** The exact header, preamble included, that {@link #write} puts before the data of {@code shape}. */
    public static byte[] header(int[] shape) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple(shape) + ", }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        int headerLength = total - 10;
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("npy: a header for shape " + Arrays.toString(shape)
                    + " does not fit version 1.0");
        }
        byte[] out = new byte[total];
        System.arraycopy(MAGIC, 0, out, 0, 6);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) headerLength;
        out[9] = (byte) (headerLength >>> 8);
        byte[] d = dict.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, out, 10, d.length);
        Arrays.fill(out, 10 + d.length, total - 1, (byte) ' ');
        out[total - 1] = '\n';
        return out;
    }

    /** The size in bytes of the .npy file {@link #write} makes for {@code shape}. */
    public static long fileSize(int[] shape) {
        return header(shape).length + 4L * count(shape);
    }

    /** Python's repr of the shape tuple: {@code ()}, {@code (5,)}, {@code (3, 4)}. */
    static String tuple(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(')').toString();
    }

    /**
     * Writes {@code data} of {@code shape} as a .npy file.
     *
     * @throws IllegalArgumentException if the data's length is not the shape's size
     */
    public static void write(OutputStream out, float[] data, int[] shape) throws IOException {
        checkLength(data, shape);
        out.write(header(shape));
        byte[] buf = new byte[(int) Math.min(CHUNK, 4L * data.length)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < data.length; from += buf.length / 4) {
            int n = Math.min(buf.length / 4, data.length - from);
            bb.clear();
            bb.asFloatBuffer().put(data, from, n);
            out.write(buf, 0, 4 * n);
        }
    }

    /** The CRC-32 of what {@link #write} writes, computed without building the bytes at once. */
    static long crc(float[] data, int[] shape) {
        CRC32 crc = new CRC32();
        try {
            write(new CheckedOutputStream(OutputStream.nullOutputStream(), crc), data, shape);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // nothing to fail: the bytes go nowhere
        }
        return crc.getValue();
    }

    /** The index of the first value that is NaN or infinite, or -1 if all are finite. */
    static int firstNonFinite(float[] data) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads a float32 array whose shape must be {@code expectedShape}, the shape being checked
     * before anything is allocated for the data. Reads to the end of {@code in}: bytes after the
     * data are an error.
     *
     * @param what names the array in messages (e.g. the zip entry)
     * @throws IOException with a message naming {@code what} if the data is not such an array
     */
    public static float[] read(InputStream in, int[] expectedShape, String what) throws IOException {
        int[] shape = readHeader(in, what);
        if (!Arrays.equals(shape, expectedShape)) {
            throw new IOException(what + ": shape " + tuple(shape) + " does not match the expected "
                    + tuple(expectedShape));
        }
        return readData(in, shape, what);
    }

    /**
     * Reads a float32 array of any shape with at most {@code maxValues} values (checked before
     * allocating), to the end of {@code in}.
     */
    public static Array read(InputStream in, long maxValues, String what) throws IOException {
        int[] shape = readHeader(in, what);
        long n = countChecked(shape, what);
        if (n > maxValues) {
            throw new IOException(what + ": shape " + tuple(shape) + " holds " + n + " values, more than the "
                    + maxValues + " allowed");
        }
        return new Array(shape, readData(in, shape, what));
    }

    /** A float32 array and its shape. */
    public record Array(int[] shape, float[] data) {
    }

    /** Reads and checks the preamble and header; returns the shape. */
    static int[] readHeader(InputStream in, String what) throws IOException {
        byte[] pre = new byte[8];
        readFully(in, pre, 0, 8, what, "the .npy preamble");
        for (int i = 0; i < 6; i++) {
            if (pre[i] != MAGIC[i]) {
                throw new IOException(what + ": not a .npy array (the file does not start with \\x93NUMPY)");
            }
        }
        int major = pre[6] & 0xFF, minor = pre[7] & 0xFF;
        long headerLength;
        if (major == 1 && minor == 0) {
            byte[] len = new byte[2];
            readFully(in, len, 0, 2, what, "the header length");
            headerLength = (len[0] & 0xFF) | (len[1] & 0xFF) << 8;
        } else if ((major == 2 || major == 3) && minor == 0) {
            byte[] len = new byte[4];
            readFully(in, len, 0, 4, what, "the header length");
            headerLength = (len[0] & 0xFFL) | (len[1] & 0xFFL) << 8 | (len[2] & 0xFFL) << 16 | (len[3] & 0xFFL) << 24;
        } else {
            throw new IOException(what + ": unsupported .npy version " + major + "." + minor
                    + "; expected 1.0 (or 2.0, 3.0)");
        }
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new IOException(what + ": the .npy header declares " + headerLength + " bytes, more than the "
                    + MAX_HEADER_LENGTH + " allowed");
        }
        byte[] header = new byte[(int) headerLength];
        readFully(in, header, 0, header.length, what, "the .npy header");
        String text = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return new NpyHeaderParser(text, what).parse();
    }

    private static float[] readData(InputStream in, int[] shape, String what) throws IOException {
        int n = (int) countChecked(shape, what);
        float[] data = new float[n];
        byte[] buf = new byte[(int) Math.min(CHUNK, 4L * n)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < n; from += buf.length / 4) {
            int k = Math.min(buf.length / 4, n - from);
            readFully(in, buf, 0, 4 * k, what, "the data (" + n + " float32 values)");
            bb.clear();
            bb.asFloatBuffer().get(data, from, k);
        }
        if (in.read() != -1) {
            throw new IOException(what + ": bytes follow the " + n + " values of shape " + tuple(shape));
        }
        return data;
    }

    private static long countChecked(int[] shape, String what) throws IOException {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IOException(what + ": shape " + tuple(shape) + " is too large for one array");
            }
        }
        return n;
    }

    static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static void checkLength(float[] data, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("npy: negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (count(shape) != data.length) {
            throw new IllegalArgumentException("npy: shape " + Arrays.toString(shape) + " needs " + count(shape)
                    + " values, got " + data.length);
        }
    }

    private static void readFully(InputStream in, byte[] b, int off, int len, String what, String part)
            throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(b, off + done, len - done);
            if (r < 0) {
                throw new EOFException(what + ": truncated in " + part + " (" + done + " of " + len + " bytes)");
            }
            done += r;
        }
    }
}

package dev.recurrent.io.torch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recurrent.io.AtomicFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's safetensors format, as {@code safetensors.torch.save_file} writes it:
 *
 * <pre>
 * N (uint64, little-endian)   header: N bytes of UTF-8 JSON, padded with spaces
 *   {"__metadata__": {"format": "pt"}, "weight_ih_l0": {"dtype": "F32", "shape": [8, 3], "data_offsets": [0, 96]}, ...}
 * data: each tensor's values, little-endian, row-major, at its offsets from the end of the header
 * </pre>
 *
 * Reading is bounded like the model zip: the header length is checked against the file's size
 * (and at most {@link #MAX_HEADER_BYTES}), every tensor's byte range against its dtype and shape
 * and against the data, and the ranges must tile the data exactly, before anything is allocated for
 * the values. F32, F64, F16 and BF16 tensors are read as floats; other dtypes are refused. Writing
 * makes F32 tensors.
 */
public final class Safetensors {
    /** The longest header read, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String METADATA = "__metadata__";

    private Safetensors() {
    }

    /** One tensor: its name, shape (row-major) and values. */
    public record Tensor(String name, int[] shape, float[] values) {
        public Tensor {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
                        + " values, got " + values.length);
            }
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    /** A file's tensors in header order, and its {@code __metadata__} (empty when there is none). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Where one tensor lies in the data, before it is read. */
    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    /** Reads every tensor of {@code file}. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "the file has " + size + " bytes; a safetensors file starts with an 8-byte header length");
            }
            long n = readFully(ch, 0, 8).getLong();
            if (n < 2 || n > size - 8 || n > MAX_HEADER_BYTES) {
                throw bad(file, "the header length is " + Long.toUnsignedString(n) + " bytes, but the file has "
                        + (size - 8) + " after it" + (n > MAX_HEADER_BYTES ? " (and at most " + MAX_HEADER_BYTES
                        + " are read)" : ""));
            }
            byte[] header = new byte[(int) n];
            readFully(ch, 8, (int) n).get(header);
            if (header[0] != '{') {
                throw bad(file, "the header is not a JSON object (it starts with byte " + (header[0] & 0xFF) + ")");
            }
            JsonNode root;
            try {
                root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw bad(file, "the header is not valid JSON: " + e.getOriginalMessage());
            }
            if (root == null || !root.isObject()) {
                throw bad(file, "the header is not a JSON object");
            }
            long dataStart = 8 + n, dataLength = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals(METADATA)) {
                    readMetadata(file, f.getValue(), metadata);
                } else {
                    entries.add(entry(file, f.getKey(), f.getValue(), dataLength));
                }
            }
            checkTiling(file, entries, dataLength);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer b = readFully(ch, dataStart + e.begin(), (int) (e.end() - e.begin()));
                tensors.put(e.name(), new Tensor(e.name(), e.shape(), decode(b, e.dtype())));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static void readMetadata(Path file, JsonNode m, Map<String, String> into) throws TorchImportException {
        if (!m.isObject()) {
            throw bad(file, "__metadata__ is not an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw bad(file, "__metadata__." + f.getKey() + " is not a string");
            }
            into.put(f.getKey(), f.getValue().asText());
        }
    }

    private static Entry entry(Path file, String name, JsonNode t, long dataLength) throws TorchImportException {
        String where = "tensor '" + name + "'";
        if (!t.isObject()) {
            throw bad(file, where + " is not an object with dtype, shape and data_offsets");
        }
        JsonNode dtype = t.get("dtype"), shape = t.get("shape"), offsets = t.get("data_offsets");
        if (dtype == null || !dtype.isTextual()) {
            throw bad(file, where + " has no dtype string");
        }
        int elementBytes = switch (dtype.asText()) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default -> throw bad(file, where + " has dtype " + dtype.asText() + "; expected F32, F64, F16 or BF16");
        };
        if (shape == null || !shape.isArray() || shape.size() > 8) {
            throw bad(file, where + " has no shape (a list of at most 8 sizes)");
        }
        int[] dims = new int[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
                throw bad(file, where + " has shape " + shape + "; expected sizes from 0 to 2^31 - 1");
            }
            dims[i] = d.intValue();
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw bad(file, where + " has shape " + shape + ": more values than an array holds");
            }
        }
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).canConvertToLong()
                || !offsets.get(1).canConvertToLong() || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).isIntegralNumber()) {
            throw bad(file, where + " has no data_offsets [begin, end]");
        }
        long begin = offsets.get(0).longValue(), end = offsets.get(1).longValue();
        if (begin < 0 || end < begin || end > dataLength) {
            throw bad(file, where + " has data_offsets [" + begin + ", " + end + "], outside the " + dataLength
                    + " bytes of data the file holds");
        }
        if (end - begin != count * elementBytes) {
            throw bad(file, where + " has " + (end - begin) + " bytes for shape " + shape + " of " + dtype.asText()
                    + "; expected " + count * elementBytes);
        }
        return new Entry(name, dtype.asText(), dims, begin, end);
    }

    /** The byte ranges, in order, must cover the data with neither gap nor overlap. */
    private static void checkTiling(Path file, List<Entry> entries, long dataLength) throws TorchImportException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin() != at) {
                throw bad(file, "tensor '" + e.name() + "' starts at byte " + e.begin() + " of the data, but the tensor"
                        + " before it ends at " + at + " (tensors must neither overlap nor leave gaps)");
            }
            at = e.end();
        }
        if (at != dataLength) {
            throw bad(file, "the tensors cover " + at + " bytes of data, but the file holds " + dataLength);
        }
    }

    private static float[] decode(ByteBuffer b, String dtype) {
        int n;
        float[] out;
        switch (dtype) {
            case "F32" -> {
                out = new float[b.remaining() / 4];
                b.asFloatBuffer().get(out);
            }
            case "F64" -> {
                out = new float[b.remaining() / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble();
                }
            }
            case "BF16" -> {
                out = new float[b.remaining() / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
                }
            }
            default -> {
                n = b.remaining() / 2;
                out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(b.getShort());
                }
            }
        }
        return out;
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat is Java 20). */
    static float halfToFloat(short h) {
        int sign = (h >>> 15) & 1, exp = (h >>> 10) & 0x1F, mant = h & 0x3FF;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f;
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat((exp - 15 + 127) << 23 | mant << 13);
        }
        return sign == 1 ? -v : v;
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("the file ended early");
            }
        }
        return b.flip();
    }

    private static TorchImportException bad(Path file, String problem) {
        return new TorchImportException(file + ": " + problem);
    }

    /**
     * Writes {@code tensors} as F32, in the order given, with {@code metadata} as {@code __metadata__}
     * (left out when empty). The file is replaced atomically.
     */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            if (header.has(t.name())) {
                throw new IllegalArgumentException("safetensors: two tensors named '" + t.name() + "'");
            }
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", "F32");
            ArrayNode shape = e.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            e.putArray("data_offsets").add(offset).add(offset + 4L * t.values().length);
            offset += 4L * t.values().length;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;      // the data starts 8-byte aligned, as the reference writes it
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        AtomicFile.write(file, out -> writeTo(out, head, tensors));
    }

    private static void writeTo(OutputStream out, byte[] head, List<Tensor> tensors) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length);
        out.write(len.array());
        out.write(head);
        for (Tensor t : tensors) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.values());
            out.write(b.array());
        }
    }
}

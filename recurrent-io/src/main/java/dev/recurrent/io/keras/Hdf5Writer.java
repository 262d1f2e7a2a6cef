package dev.recurrent.io.keras;

import io.jhdf.checksum.ChecksumUtils;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small HDF5 file of groups, string attributes and float32 datasets, as the HDF5 format
 * specification lays them out: superblock version 2, version 2 object headers with compact links,
 * contiguous little-endian data after each dataset's header. (jHDF 0.13's writer overwrites the
 * header of an object written after the last dataset with its own trailer, which Keras' layout
 * always has: its model-level {@code vars} group.)
 */
final class Hdf5Writer {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final long UNDEFINED = -1L;
    private static final int SUPERBLOCK_SIZE = 48;

    /** A group: string attributes and named children, in the order added. */
    static final class Group {
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final Map<String, Object> children = new LinkedHashMap<>();
        private long address;

        /** The child group {@code name}, made if absent. */
        Group group(String name) {
            Object child = children.get(name);
            if (child == null) {
                Group g = new Group();
                children.put(requireName(name), g);
                return g;
            }
            if (!(child instanceof Group)) {
                throw new IllegalArgumentException("'" + name + "' is a dataset, not a group");
            }
            return (Group) child;
        }

        void attribute(String name, String value) {
            attributes.put(requireName(name), value);
        }

        /** A float32 dataset of {@code shape} holding {@code values} row-major. */
        void dataset(String name, int[] shape, float[] values) {
            long size = 1;
            for (int d : shape) {
                size *= d;
            }
            if (size != values.length) {
                throw new IllegalArgumentException(name + ": shape holds " + size + " values, got " + values.length);
            }
            if (children.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' exists already");
            }
            children.put(requireName(name), new Dataset(shape.clone(), values));
        }

        private static String requireName(String name) {
            if (name.isEmpty() || name.contains("/") || name.equals(".")) {
                throw new IllegalArgumentException("invalid HDF5 link name '" + name + "'");
            }
            return name;
        }
    }

    private static final class Dataset {
        final int[] shape;
        final float[] values;
        long address;

        Dataset(int[] shape, float[] values) {
            this.shape = shape;
            this.values = values;
        }
    }

    private Hdf5Writer() {
    }

    /** The bytes of a file whose root group is {@code root}. */
    static byte[] write(Group root) {
        long end = place(root, SUPERBLOCK_SIZE);
        if (end > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the weights take " + end + " bytes; at most 2 GiB are written");
        }
        ByteBuffer out = ByteBuffer.allocate((int) end).order(ByteOrder.LITTLE_ENDIAN);
        out.put(SIGNATURE).put((byte) 2).put((byte) 8).put((byte) 8).put((byte) 0);
        out.putLong(0L).putLong(UNDEFINED).putLong(end).putLong(root.address);
        out.putInt(ChecksumUtils.checksum(java.util.Arrays.copyOf(out.array(), SUPERBLOCK_SIZE - 4)));
        emit(root, out);
        return out.array();
    }

    // ------------------------------------------------------------------ addresses

    /** Gives {@code node} and everything under it an address from {@code at} on; returns the end. */
    private static long place(Object node, long at) {
        if (node instanceof Dataset) {
            Dataset d = (Dataset) node;
            d.address = at;
            return at + datasetHeader(d).length + 4L * d.values.length;
        }
        Group g = (Group) node;
        g.address = at;
        long next = at + groupHeader(g).length;
        for (Object child : g.children.values()) {
            next = place(child, next);
        }
        return next;
    }

    private static void emit(Object node, ByteBuffer out) {
        if (node instanceof Dataset) {
            Dataset d = (Dataset) node;
            out.position((int) d.address);
            out.put(datasetHeader(d));
            for (float v : d.values) {
                out.putFloat(v);
            }
            return;
        }
        Group g = (Group) node;
        out.position((int) g.address);
        out.put(groupHeader(g));
        for (Object child : g.children.values()) {
            emit(child, out);
        }
    }

    // ------------------------------------------------------------------ object headers

    /** Link info, group info, a link per child and an attribute per string; the child addresses as placed (0 before). */
    private static byte[] groupHeader(Group g) {
        List<byte[]> messages = new ArrayList<>();
        messages.add(message(0x02, le(18).put((byte) 0).put((byte) 0).putLong(UNDEFINED).putLong(UNDEFINED)));
        messages.add(message(0x0A, le(2).put((byte) 0).put((byte) 0)));
        for (Map.Entry<String, Object> c : g.children.entrySet()) {
            byte[] name = ascii(c.getKey());
            long address = c.getValue() instanceof Group ? ((Group) c.getValue()).address : ((Dataset) c.getValue()).address;
            ByteBuffer link = le(2 + lengthBytes(name.length) + name.length + 8).put((byte) 1)
                    .put((byte) lengthFlag(name.length));
            putLength(link, name.length);
            messages.add(message(0x06, link.put(name).putLong(address)));
        }
        for (Map.Entry<String, String> a : g.attributes.entrySet()) {
            messages.add(message(0x0C, stringAttribute(a.getKey(), a.getValue())));
        }
        return objectHeader(messages);
    }

    /** Dataspace, float32 datatype, fill value (none written), contiguous layout right after the header. */
    private static byte[] datasetHeader(Dataset d) {
        List<byte[]> messages = new ArrayList<>();
        messages.add(message(0x01, dataspace(d.shape)));
        messages.add(message(0x03, float32()));
        // version 3; allocation late, written if set, no fill value defined
        messages.add(message(0x05, le(2).put((byte) 3).put((byte) 0x0A)));
        byte[] withoutLayout = objectHeader(messages);
        long dataAddress = d.address + withoutLayout.length + 4 + 18;
        messages.add(message(0x08, le(18).put((byte) 3).put((byte) 1).putLong(dataAddress).putLong(4L * d.values.length)));
        return objectHeader(messages);
    }

    /** "OHDR", version 2, a 4-byte chunk size, the messages, and the Jenkins lookup3 checksum. */
    private static byte[] objectHeader(List<byte[]> messages) {
        int size = 0;
        for (byte[] m : messages) {
            size += m.length;
        }
        ByteBuffer b = le(4 + 1 + 1 + 4 + size + 4);
        b.put(new byte[] {'O', 'H', 'D', 'R'}).put((byte) 2).put((byte) 0x02).putInt(size);
        for (byte[] m : messages) {
            b.put(m);
        }
        b.putInt(ChecksumUtils.checksum(java.util.Arrays.copyOf(b.array(), b.position())));
        return b.array();
    }

    /** A header message: type, size, flags (none), body. */
    private static byte[] message(int type, ByteBuffer body) {
        byte[] data = body.array();
        if (body.position() != data.length) {
            throw new IllegalStateException("message 0x" + Integer.toHexString(type) + " sized " + data.length
                    + ", filled " + body.position());
        }
        ByteBuffer m = le(4 + data.length);
        m.put((byte) type).putShort((short) data.length).put((byte) 0).put(data);
        return m.array();
    }

    /** A simple dataspace (version 2) of the given dimensions, no maximum dimensions; rank 0 is a scalar. */
    private static ByteBuffer dataspace(int[] shape) {
        ByteBuffer b = le(4 + 8 * shape.length);
        b.put((byte) 2).put((byte) shape.length).put((byte) 0).put((byte) (shape.length == 0 ? 0 : 1));
        for (int d : shape) {
            b.putLong(d);
        }
        return b;
    }

    /** IEEE float32 little-endian: sign bit 31, exponent 23..30 (bias 127), mantissa 0..22. */
    private static ByteBuffer float32() {
        return le(20).put((byte) 0x11).put((byte) 0x20).put((byte) 31).put((byte) 0).putInt(4)
                .putShort((short) 0).putShort((short) 32)
                .put((byte) 23).put((byte) 8).put((byte) 0).put((byte) 23).putInt(127);
    }

    /** An attribute message (version 3) holding a scalar, null-terminated UTF-8 string. */
    private static ByteBuffer stringAttribute(String name, String value) {
        byte[] n = ascii(name);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        int typeSize = 8, spaceSize = 4, nameSize = n.length + 1, dataSize = v.length + 1;
        ByteBuffer b = le(9 + nameSize + typeSize + spaceSize + dataSize);
        b.put((byte) 3).put((byte) 0).putShort((short) nameSize).putShort((short) typeSize).putShort((short) spaceSize)
                .put((byte) 0).put(n).put((byte) 0);
        // string class, version 1; null-terminated, UTF-8
        b.put((byte) 0x13).put((byte) 0x10).put((byte) 0).put((byte) 0).putInt(dataSize);
        b.put(dataspace(new int[0]).array());
        b.put(v).put((byte) 0);
        return b;
    }

    private static byte[] ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) > 0x7e) {
                throw new IllegalArgumentException("HDF5 names are written in printable ASCII, got '" + s + "'");
            }
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int lengthBytes(int n) {
        return n < 0x100 ? 1 : n < 0x10000 ? 2 : 4;
    }

    private static int lengthFlag(int n) {
        return n < 0x100 ? 0 : n < 0x10000 ? 1 : 2;
    }

    private static void putLength(ByteBuffer b, int n) {
        if (n < 0x100) {
            b.put((byte) n);
        } else if (n < 0x10000) {
            b.putShort((short) n);
        } else {
            b.putInt(n);
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}

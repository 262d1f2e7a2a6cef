package dev.recurrent.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads little-endian int32 values from a file through one 64 KiB buffer; knows how many bytes are left. */
final class LittleEndianReader implements AutoCloseable {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final long size;
    private long consumed;

    LittleEndianReader(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        size = channel.size();
        buffer.limit(0);
    }

    /** The file's size in bytes. */
    long size() {
        return size;
    }

    /** Bytes not yet read. */
    long remaining() {
        return size - consumed;
    }

    int readInt() throws IOException {
        if (buffer.remaining() < Integer.BYTES) {
            fill();
        }
        consumed += Integer.BYTES;
        return buffer.getInt();
    }

    /** Reads {@code length} ints into {@code dst[offset…]}. */
    void readInts(int[] dst, int offset, int length) throws IOException {
        while (length > 0) {
            if (buffer.remaining() < Integer.BYTES) {
                fill();
            }
            int n = Math.min(length, buffer.remaining() / Integer.BYTES);
            buffer.asIntBuffer().get(dst, offset, n);
            buffer.position(buffer.position() + n * Integer.BYTES);
            consumed += (long) n * Integer.BYTES;
            offset += n;
            length -= n;
        }
    }

    /** Moves the unread bytes to the front and reads until at least one int is buffered. */
    private void fill() throws IOException {
        buffer.compact();
        while (buffer.position() < Integer.BYTES) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("unexpected end of file");
            }
        }
        buffer.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

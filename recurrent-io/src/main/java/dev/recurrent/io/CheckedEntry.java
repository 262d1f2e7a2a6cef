package dev.recurrent.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

/**
 * An entry's bytes: refuses to read more than {@code limit} (a zip bomb, or an entry larger
 * than its declared size), and at the end checks the count against the declared size and the
 * CRC-32 against the zip's (ZipFile itself does not check it).
 */
final class CheckedEntry extends FilterInputStream {
    private final ZipEntry entry;
    private final long limit;
    private final CRC32 crc = new CRC32();
    private long count;
    private boolean verified;

    CheckedEntry(InputStream in, ZipEntry entry, long limit) {
        super(in);
        this.entry = entry;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        int n = read(b, 0, 1);
        return n < 0 ? -1 : b[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        // ask for one byte more than allowed, to notice an entry that goes on
        int want = (int) Math.min(len, limit - count + 1);
        int n = in.read(b, off, Math.max(want, 1));
        if (n < 0) {
            verify();
            return -1;
        }
        count += n;
        if (count > limit) {
            throw new ZipException("the entry holds more than the " + limit + " bytes expected (declared "
                    + entry.getSize() + ")");
        }
        crc.update(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported");
    }

    private void verify() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        if (count != entry.getSize()) {
            throw new ZipException("the entry holds " + count + " bytes but the zip declares " + entry.getSize()
                    + " (damaged zip)");
        }
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new ZipException("CRC-32 mismatch: the data is damaged (computed "
                    + Long.toHexString(crc.getValue()) + ", the zip says " + Long.toHexString(entry.getCrc()) + ")");
        }
    }
}

package dev.recurrent.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Reads a zip's entries and writes altered copies, to make damaged model files. */
final class Zips {
    private Zips() {
    }

    /** Every entry's bytes, in order. */
    static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : z.stream().toList()) {
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    /** Writes {@code entries} (deflated) to {@code to}. */
    static Path write(Path to, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Files.write(to, buf.toByteArray());
        return to;
    }

    /** A copy of {@code from} with entry {@code name} replaced (or added), or removed when {@code bytes} is null. */
    static Path with(Path from, Path to, String name, byte[] bytes) throws IOException {
        Map<String, byte[]> entries = read(from);
        if (bytes == null) {
            entries.remove(name);
        } else {
            entries.put(name, bytes);
        }
        return write(to, entries);
    }

    static String json(Path zip) throws IOException {
        return new String(read(zip).get("model.json"), StandardCharsets.UTF_8);
    }

    /** Index of {@code needle} in {@code hay} from {@code from}, or −1. */
    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

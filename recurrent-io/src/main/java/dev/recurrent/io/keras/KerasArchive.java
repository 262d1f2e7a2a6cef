package dev.recurrent.io.keras;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The parts of a Keras 3 {@code .keras} zip ({@code saving_lib.save_model}): {@code config.json},
 * {@code metadata.json} and {@code model.weights.h5}. Read with the model zip's bounds: few entries,
 * unique names without {@code ..} or absolute paths, each entry at most what its kind needs and what
 * deflate could expand the archive's bytes to, CRCs checked (ZipInputStream checks them).
 */
final class KerasArchive {
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    private static final int MAX_ENTRIES = 256;
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** What the archive holds: the two JSON texts (metadata may be null) and the weights file's bytes. */
    record Contents(String config, String metadata, byte[] weights) {
    }

    private KerasArchive() {
    }

    /** Whether {@code head} starts like a zip file (a local file header). */
    static boolean isZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    static Contents read(byte[] zip, String source) throws KerasImportException {
        long expandLimit = Math.min(MAX_ARRAY, zip.length * MAX_DEFLATE_RATIO + 1024);
        String config = null, metadata = null;
        byte[] weights = null;
        Set<String> names = new HashSet<>();
        long total = 0;   // bytes kept
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                if (names.size() >= MAX_ENTRIES) {
                    throw new KerasImportException(source + ": the archive holds more than " + MAX_ENTRIES
                            + " entries; a .keras file holds " + CONFIG + ", " + METADATA + ", " + WEIGHTS + " and assets");
                }
                if (!names.add(name)) {
                    throw new KerasImportException(source + ": entry `" + clip(name) + "` appears twice in the archive");
                }
                if (name.startsWith("/") || name.startsWith("\\") || name.contains("..") || name.contains(":")
                        || name.contains("\\")) {
                    throw new KerasImportException(source + ": entry `" + clip(name) + "` has a path outside the"
                            + " archive; refusing it");
                }
                if (name.equals("model.weights.npz")) {
                    throw new KerasImportException(source + ": the weights are in the npz format; save the model"
                            + " with the default weights_format=\"h5\"");
                }
                boolean json = name.equals(CONFIG) || name.equals(METADATA);
                byte[] b = bytes(in, name, json ? Math.min(KerasHdf.MAX_STRING_CHARS, expandLimit - total)
                        : expandLimit - total, source, name.equals(WEIGHTS) || json);
                total += b.length;
                switch (name) {
                    case CONFIG -> config = new String(b, StandardCharsets.UTF_8);
                    case METADATA -> metadata = new String(b, StandardCharsets.UTF_8);
                    case WEIGHTS -> weights = b;
                    default -> { }
                }
            }
        } catch (KerasImportException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new KerasImportException(source + ": not a readable .keras archive (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + KerasHdf.clip(e.getMessage(), 200)) + ")", e);
        }
        if (config == null || weights == null) {
            throw new KerasImportException(source + ": a .keras archive holds " + CONFIG + " and " + WEIGHTS
                    + "; this one lacks " + (config == null ? CONFIG : WEIGHTS) + " (entries: "
                    + clip(String.join(", ", names)) + ")");
        }
        return new Contents(config, metadata, weights);
    }

    /** The entry's bytes (kept only when {@code keep}; else counted), at most {@code limit}. */
    private static byte[] bytes(InputStream in, String name, long limit, String source, boolean keep) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long n = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
            n += r;
            if (n > limit) {
                throw new KerasImportException(source + ": entry `" + clip(name) + "` expands to more than the "
                        + limit + " bytes allowed for it in an archive of this size");
            }
            if (keep) {
                out.write(buf, 0, r);
            }
        }
        return keep ? out.toByteArray() : new byte[0];
    }

    private static String clip(String s) {
        return KerasHdf.clip(s, 120);
    }
}

package dev.recurrent.io;

import dev.recurrent.layers.Dense;
import dev.recurrent.model.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A valid model file whose weights (zeros, which deflate to a thousandth) need more than the heap
 * (the module's tests run with -Xmx256m) is refused before anything is allocated, with what to do.
 */
class ModelTooLargeTest {
    private static final int UNITS = 40_000_000;   // a kernel and a bias of 160 MB each, their gradients as much

    @Test
    void aModelLargerThanTheHeapIsRefusedBeforeAllocating(@TempDir Path dir) throws Exception {
        Path small = dir.resolve("small.zip");
        ModelFiles.save(new Sequential("wide").input(1).add(Dense.of(2)).build(), small);
        String json;
        try (ZipFile zip = new ZipFile(small.toFile())) {
            json = new String(zip.getInputStream(zip.getEntry(ModelFiles.MODEL_JSON)).readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        String wide = json.replace("\"units\" : 2", "\"units\" : " + UNITS).replace("[ 1, 2 ]", "[ 1, " + UNITS + " ]")
                .replace("[ 2 ]", "[ " + UNITS + " ]");
        assertTrue(wide.contains("\"units\" : " + UNITS) && wide.contains("[ 1, " + UNITS + " ]"), json);
        Path file = dir.resolve("wide.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            out.putNextEntry(new ZipEntry(ModelFiles.MODEL_JSON));
            out.write(wide.getBytes(StandardCharsets.UTF_8));
            zeros(out, "dense/kernel.npy", new int[] {1, UNITS});
            zeros(out, "dense/bias.npy", new int[] {UNITS});
        }
        ModelTooLargeException e = assertThrows(ModelTooLargeException.class, () -> ModelFiles.load(file));
        assertTrue(e.getMessage().contains("the model needs at least 610 MiB for its weights and their gradients")
                && e.getMessage().contains("-Xmx<size>"), e.getMessage());
    }

    private static void zeros(ZipOutputStream zip, String name, int[] shape) throws Exception {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(Npy.header(shape));
        byte[] block = new byte[1 << 20];
        long left = 4L * UNITS;
        while (left > 0) {
            int n = (int) Math.min(block.length, left);
            out.write(block, 0, n);
            left -= n;
        }
    }
}

package dev.recurrent.io.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HDF5 files written, read back with jHDF: groups, attributes, datasets of rank 1 and 2. */
class Hdf5WriterTest {
    @TempDir
    Path dir;

    @Test
    void groupsAttributesAndDatasetsReadBack() throws IOException {
        Hdf5Writer.Group root = new Hdf5Writer.Group();
        Hdf5Writer.Group vars = root.group("layers").group("dense").group("vars");
        vars.attribute("name", "dénse");
        vars.dataset("0", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f});
        vars.dataset("1", new int[] {3}, new float[] {0.25f, Float.MIN_VALUE, -0f});
        // written after the last dataset: the place where jHDF's own writer puts its trailer
        root.group("vars").attribute("name", "model");
        root.group("zz").group("empty");

        Path file = dir.resolve("w.h5");
        Files.write(file, Hdf5Writer.write(root));
        try (HdfFile f = new HdfFile(file)) {
            Dataset kernel = f.getDatasetByPath("layers/dense/vars/0");
            assertArrayEquals(new int[] {2, 3}, kernel.getDimensions());
            float[][] k = (float[][]) kernel.getData();
            assertArrayEquals(new float[] {4, 5, -6.5f}, k[1]);
            assertArrayEquals(new float[] {0.25f, Float.MIN_VALUE, -0f}, (float[]) f.getDatasetByPath("layers/dense/vars/1").getData());
            assertEquals("dénse", f.getByPath("layers/dense/vars").getAttribute("name").getData());
            assertEquals("model", f.getByPath("vars").getAttribute("name").getData());
            assertTrue(((Group) f.getByPath("zz/empty")).getChildren().isEmpty());
            assertEquals(Files.size(file), f.size());
        }
    }

    @Test
    void refusesADatasetWhoseShapeDoesNotHoldItsValues() {
        Hdf5Writer.Group root = new Hdf5Writer.Group();
        String msg = assertThrows(IllegalArgumentException.class,
                () -> root.dataset("0", new int[] {2, 2}, new float[3])).getMessage();
        assertTrue(msg.contains("4") && msg.contains("3"), msg);
        assertThrows(IllegalArgumentException.class, () -> root.group("a/b"));
    }
}

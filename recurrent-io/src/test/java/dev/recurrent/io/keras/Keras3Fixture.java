package dev.recurrent.io.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes Keras 3 files as {@code keras/src/saving/saving_lib.py} does, for tests (no Keras 3 file
 * exists here): {@code model.weights.h5} with each object's variables in {@code <path>/vars/0, 1, ...}
 * (H5IOStore / H5Entry), and the {@code .keras} zip of {@code metadata.json}, {@code config.json}
 * and that file (deflated here; Python's zipfile stores them, which reads the same).
 */
final class Keras3Fixture {
    private final String config;
    private final Map<String, List<Object>> vars = new LinkedHashMap<>();

    Keras3Fixture(String config) {
        this.config = config;
    }

    /** The variables of the object at {@code path} ({@code layers/lstm/cell}), in creation order. */
    Keras3Fixture vars(String path, Object... values) {
        vars.put(path, List.of(values));
        return this;
    }

    /** The {@code .weights.h5} file ({@code model.save_weights}). */
    Path writeWeights(Path file) {
        try (WritableHdfFile h = HdfFile.write(file)) {
            // Keras also writes empty vars groups (the model's, an RNN wrapper's own); jHDF 0.13 cannot
            // write an empty group, and the importer reads only groups that hold variables
            for (Map.Entry<String, List<Object>> e : vars.entrySet()) {
                WritableGroup at = h;
                for (String part : e.getKey().split("/")) {
                    at = at.getChild(part) instanceof WritableGroup g ? g : at.putGroup(part);
                }
                WritableGroup v = at.putGroup("vars");
                for (int i = 0; i < e.getValue().size(); i++) {
                    v.putDataset(Integer.toString(i), e.getValue().get(i));
                }
            }
        }
        return file;
    }

    /** The {@code .keras} archive ({@code model.save}). */
    Path writeKeras(Path file, String kerasVersion) throws IOException {
        Path weights = writeWeights(file.resolveSibling(file.getFileName() + ".weights.h5"));
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(ZipOutputStream.DEFLATED);
            put(zip, KerasArchive.METADATA, ("{\"keras_version\": \"" + kerasVersion + "\", \"date_saved\":"
                    + " \"2024-05-01@10:00:00\"}").getBytes(StandardCharsets.UTF_8));
            put(zip, KerasArchive.CONFIG, config.getBytes(StandardCharsets.UTF_8));
            put(zip, KerasArchive.WEIGHTS, Files.readAllBytes(weights));
        }
        Files.delete(weights);
        return file;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}

package dev.recurrent.io.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.io.AtomicFile;
import dev.recurrent.model.Model;
import dev.recurrent.model.Sequential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@link Sequential} as a Keras 3 {@code .keras} file, as Keras 3.6's
 * {@code model.save("m.keras")} writes an uncompiled model: a zip of {@code metadata.json},
 * {@code config.json} ({@link KerasConfigJson}) and {@code model.weights.h5}
 * ({@link KerasWeightLayout}), entries stored uncompressed. {@code keras.saving.load_model} reads
 * it. Layers: Embedding, SimpleRNN, LSTM, GRU (both {@code reset_after} forms), Bidirectional
 * (every merge mode), TimeDistributed, Dense, Dropout, RepeatVector, Flatten; anything else (the
 * peephole and CIFG LSTMs above all) is refused with a {@link KerasExportException} naming the
 * layer. The training configuration is not written.
 *
 * <pre>{@code
 * KerasExport.save(model, Path.of("model.keras"));
 * }</pre>
 */
public final class KerasExport {
    /** The Keras version the files are written as, in {@code metadata.json}. */
    public static final String KERAS_VERSION = "3.6.0";

    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SAVED = DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss", Locale.ROOT);

    private KerasExport() {
    }

    /** Writes {@code model} to {@code file} atomically (the file is whole or untouched), batch size left open. */
    public static void save(Sequential model, Path file) throws IOException {
        save(model, file, 0);
    }

    /**
     * As {@link #save(Sequential, Path)} with a fixed batch size in the input shape, which Keras
     * requires of a model with stateful layers.
     *
     * @param batchSize the batch size, or 0 for none
     */
    public static void save(Sequential model, Path file, int batchSize) throws IOException {
        byte[] bytes = toBytes(model, batchSize);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /** The bytes of the {@code .keras} file of {@code model}. */
    public static byte[] toBytes(Sequential model) throws IOException {
        return toBytes(model, 0);
    }

    /** The bytes of the {@code .keras} file of {@code model} with a fixed batch size (0 for none). */
    public static byte[] toBytes(Sequential model, int batchSize) throws IOException {
        return toBytes(model, batchSize, ZonedDateTime.now(ZoneId.systemDefault()));
    }

    static byte[] toBytes(Sequential model, int batchSize, ZonedDateTime saved) throws IOException {
        if (batchSize < 0) {
            throw new KerasExportException("keras export: expected a batch size of 0 (none) or more, got " + batchSize);
        }
        if (model.layers().isEmpty()) {
            throw new KerasExportException("keras export: model '" + model.name() + "' has no layers");
        }
        if (!model.isBuilt()) {
            try {
                model.build();
            } catch (IllegalStateException e) {
                throw new KerasExportException("keras export: " + e.getMessage());
            }
        }
        byte[] config = json(KerasConfigJson.model(model, batchSize));
        byte[] weights = KerasWeightsH5.bytes(KerasWeightLayout.of(model));
        return archive(config, weights, saved);
    }

    /**
     * Writes a graph {@link Model} to {@code file} atomically as Keras 3.6 saves a functional model
     * ({@link KerasFunctionalJson}): inputs, layer calls with their {@code inbound_nodes}, recurrent
     * states as {@code initial_state}, shared layers, merges and attention. A layer Keras 3 has no
     * class for is refused with a {@link KerasExportException} naming it.
     */
    public static void save(Model model, Path file) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /** The bytes of the {@code .keras} file of a graph model. */
    public static byte[] toBytes(Model model) throws IOException {
        return toBytes(model, ZonedDateTime.now(ZoneId.systemDefault()));
    }

    static byte[] toBytes(Model model, ZonedDateTime saved) throws IOException {
        KerasFunctionalJson functional = new KerasFunctionalJson(model);
        byte[] config = json(functional.config());
        byte[] weights = KerasWeightsH5.bytes(functional.weightGroups());
        return archive(config, weights, saved);
    }

    private static byte[] archive(byte[] config, byte[] weights, ZonedDateTime saved) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("keras_version", KERAS_VERSION);
        meta.put("date_saved", SAVED.format(saved));
        ByteArrayOutputStream out = new ByteArrayOutputStream(weights.length + config.length + 1024);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            long time = saved.toInstant().toEpochMilli();
            stored(zip, METADATA, json(meta), time);
            stored(zip, CONFIG, config, time);
            stored(zip, WEIGHTS, weights, time);
        }
        return out.toByteArray();
    }

    private static byte[] json(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    }

    /** An uncompressed entry, as Python's zipfile writes by default. */
    private static void stored(ZipOutputStream zip, String name, byte[] data, long time) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(time);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}

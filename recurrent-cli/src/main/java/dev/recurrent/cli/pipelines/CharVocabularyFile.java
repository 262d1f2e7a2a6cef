package dev.recurrent.cli.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.cli.run.RunDirectory;
import dev.recurrent.data.CharVocabulary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The character vocabulary of a text model, saved next to its model file: for {@code model.zip},
 * {@code model.chars.json}. The model file (recurrent-io) holds the network and refuses entries it
 * does not know, so the characters, whose order gives the meaning of each input and output column,
 * travel beside it:
 * <pre>
 * {"format": "recurrent-char-vocabulary", "format_version": 1,
 *  "chars": "\n !\"'(),-.0123...",      the characters in index order (sorted by code point)
 *  "window": 40,                        the characters the model reads at once
 *  "lowercase": true,                   whether the corpus was lower-cased (a seed is too)
 *  "corpus": "nietzsche"}
 * </pre>
 */
public final class CharVocabularyFile {
    static final String FORMAT = "recurrent-char-vocabulary";
    static final int FORMAT_VERSION = 1;
    private static final long MAX_BYTES = 1 << 20;
    private static final Set<String> KEYS = Set.of("format", "format_version", "chars", "window", "lowercase", "corpus");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** What the file holds. */
    public record Contents(CharVocabulary vocabulary, int window, boolean lowercase, String corpus) {
    }

    private CharVocabularyFile() {
    }

    /** {@code model.zip} → {@code model.chars.json}, in the same folder. */
    public static Path besides(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String base = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return modelFile.resolveSibling(base + ".chars.json");
    }

    public static void write(Path file, Contents c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("format_version", FORMAT_VERSION);
        json.put("chars", c.vocabulary().chars());
        json.put("window", c.window());
        json.put("lowercase", c.lowercase());
        json.put("corpus", c.corpus());
        try {
            RunDirectory.writeAtomically(file, JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads and checks the file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong (missing, too large,
     *                                  malformed, another format, characters not sorted or repeated)
     */
    public static Contents read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw invalid(file, "larger than " + MAX_BYTES + " bytes");
            }
            JsonNode n = JSON.readTree(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            if (n == null || !n.isObject()) {
                throw invalid(file, "expected a JSON object");
            }
            for (var it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!KEYS.contains(k)) {
                    throw invalid(file, "unexpected key '" + k + "'");
                }
            }
            if (!FORMAT.equals(n.path("format").asText(null)) || n.path("format_version").asInt(-1) != FORMAT_VERSION) {
                throw invalid(file, "expected format '" + FORMAT + "' version " + FORMAT_VERSION);
            }
            if (!n.path("chars").isTextual() || !n.path("window").isInt() || !n.path("lowercase").isBoolean()) {
                throw invalid(file, "expected 'chars' (a string), 'window' (an integer) and 'lowercase' (true/false)");
            }
            String chars = n.get("chars").asText();
            int window = n.get("window").asInt();
            if (chars.isEmpty() || window < 1) {
                throw invalid(file, "expected at least one character and a window of at least 1, got "
                        + chars.codePointCount(0, chars.length()) + " characters and " + window);
            }
            CharVocabulary v = CharVocabulary.of(chars);
            if (!v.chars().equals(chars)) {
                throw invalid(file, "the characters must be distinct and sorted by code point");
            }
            return new Contents(v, window, n.get("lowercase").asBoolean(), n.path("corpus").asText(""));
        } catch (NoSuchFileException e) {
            throw new InputError("the character vocabulary " + file + " does not exist (a text model"
                    + " is saved with it: model.zip and model.chars.json)");
        } catch (JsonProcessingException e) {
            throw invalid(file, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException invalid(Path file, String why) {
        return new InputError("invalid character vocabulary " + file + ": " + why);
    }
}

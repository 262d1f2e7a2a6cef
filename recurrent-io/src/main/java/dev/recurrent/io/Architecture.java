package dev.recurrent.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recurrent.layers.Layer;
import dev.recurrent.layers.Parameter;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The loading checks of shapes against the architecture: the weights the layers will have, the
 * listings of {@code model.json}, and the model once built.
 */
final class Architecture {
    private Architecture() {
    }

    /** The weights {@code layers} will have for samples of {@code inputShape}, computed without building. */
    static List<Layout.Weight> expected(List<Layer> layers, int[] inputShape, ModelZipReader zip)
            throws InvalidModelFileException {
        try {
            return Layout.expected(layers, inputShape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw zip.invalid("the architecture does not fit together: " + e.getMessage());
        }
    }

    /** The listing in model.json must name exactly the expected entries and shapes, in order. */
    static void checkListing(JsonNode listing, List<Layout.Weight> expected, String where, ModelZipReader zip)
            throws InvalidModelFileException {
        String saved = zip.entry;
        zip.entry = ModelFiles.MODEL_JSON;
        boolean same = listing.size() == expected.size();
        for (int i = 0; same && i < expected.size(); i++) {
            JsonNode n = listing.get(i);
            Layout.Weight w = expected.get(i);
            JsonNode shape = n.get("shape");
            same = n.isObject() && n.size() == 2 && n.path("entry").isTextual()
                    && n.path("entry").asText().equals(w.path() + ".npy") && shape != null && shape.isArray()
                    && shape.size() == w.shape().length;
            for (int d = 0; same && d < w.shape().length; d++) {
                same = shape.get(d).isIntegralNumber() && shape.get(d).canConvertToInt()
                        && shape.get(d).intValue() == w.shape()[d];
            }
        }
        if (!same) {
            StringBuilder want = new StringBuilder();
            for (Layout.Weight w : expected) {
                want.append(want.length() == 0 ? "" : ", ").append(w.path()).append(".npy ").append(Npy.tuple(w.shape()));
            }
            throw zip.invalid("`" + where + "` does not match the architecture: expected ["
                    + StrictJson.clip(want.toString(), 500) + "], got " + StrictJson.clip(listing.toString(), 500));
        }
        zip.entry = saved;
    }

    /** The built model's weights must be the expected ones, by path and shape, in order. */
    static void checkBuilt(Map<String, Parameter> params, List<Layout.Weight> expected, ModelZipReader zip)
            throws InvalidModelFileException {
        if (params.size() != expected.size()) {
            throw zip.invalid("the built model has " + params.size() + " weights " + params.keySet() + ", the"
                    + " architecture " + expected.size());
        }
        int k = 0;
        for (Map.Entry<String, Parameter> p : params.entrySet()) {
            Layout.Weight w = expected.get(k++);
            if (!w.path().equals(p.getKey()) || !Arrays.equals(w.shape(), p.getValue().shape())) {
                throw zip.invalid("the built model's weight " + p.getKey() + Arrays.toString(p.getValue().shape())
                        + " differs from the expected " + w.path() + Arrays.toString(w.shape()));
            }
        }
    }
}

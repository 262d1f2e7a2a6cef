package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.model.Model;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.recurrent.io.keras.KerasCasesTest.floats;
import static dev.recurrent.io.keras.KerasCasesTest.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Functional models written by Keras 3 itself (state wiring, shared layers, merges, attention and
 * its scores, masks), as {@code .keras} and as legacy {@code .h5}: imported as graph models, they
 * predict every output as Keras did.
 */
class RealKeras3FunctionalTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lstm_seq2seq.keras", "lstm_seq2seq.h5", "gru_attention.keras", "gru_attention.h5",
            "masked_initial_state.keras", "masked_initial_state.h5", "shared_merges.keras", "shared_merges.h5"})
    void predictsAsKerasDid(String file) throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/keras3").toURI());
        String name = file.substring(0, file.lastIndexOf('.'));
        JsonNode c = new ObjectMapper().readTree(dir.resolve(name + ".case.json").toFile());
        Model model = KerasModels.loadGraph(dir.resolve(file));
        List<Tensor> xs = new ArrayList<>();
        for (JsonNode in : c.path("inputs")) {
            xs.add(Tensor.of(floats(in.path("data")), ints(in.path("shape"))));
        }

        List<Tensor> ys = model.predict(xs, 8);

        JsonNode outs = c.path("outputs");
        assertEquals(outs.size(), ys.size(), "outputs");
        for (int k = 0; k < ys.size(); k++) {
            JsonNode out = outs.get(k);
            assertArrayEquals(ints(out.path("shape")), ys.get(k).shape(), file + " output " + k);
            float[] want = floats(out.path("data"));
            float[] got = ys.get(k).data();
            for (int i = 0; i < want.length; i++) {
                assertTrue(Math.abs(got[i] - want[i]) <= 1e-6 + 1e-5 * Math.abs(want[i]),
                        file + " output " + k + " value " + i + ": " + got[i] + ", Keras " + want[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"masked_initial_state.keras", "masked_initial_state.h5"})
    void aKeras3CallWithInitialStateIsMaskedOnlyWhenGivenTheMask(String file) throws IOException, URISyntaxException {
        Model model = KerasModels.loadGraph(Path.of(getClass().getResource("/keras3/" + file).toURI()));
        assertTrue(producer(model, "unmasked").ignoresMask(), "no mask recorded: Keras 3 ran it unmasked");
        assertFalse(producer(model, "masked").ignoresMask(), "mask=not_equal(ids, 0) recorded");
    }

    private static dev.recurrent.graph.Call producer(Model model, String layer) {
        return model.graph().calls().stream().filter(c -> c.name().equals(layer)).findFirst().orElseThrow();
    }
}

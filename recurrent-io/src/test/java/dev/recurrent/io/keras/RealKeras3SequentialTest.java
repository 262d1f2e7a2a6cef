package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static dev.recurrent.io.keras.KerasCasesTest.floats;
import static dev.recurrent.io.keras.KerasCasesTest.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Sequential written by Keras 3 itself, as {@code .keras} and as legacy {@code .h5}, predicts as Keras did. */
class RealKeras3SequentialTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"masked_bidirectional.keras", "masked_bidirectional.h5"})
    void predictsAsKerasDid(String file) throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/keras3").toURI());
        JsonNode c = new ObjectMapper().readTree(dir.resolve("masked_bidirectional.case.json").toFile());
        JsonNode in = c.path("inputs").get(0);
        JsonNode out = c.path("outputs").get(0);
        Sequential model = KerasModels.load(dir.resolve(file));

        Tensor y = model.predict(Tensor.of(floats(in.path("data")), ints(in.path("shape"))), 8);

        assertArrayEquals(ints(out.path("shape")), y.shape());
        float[] want = floats(out.path("data"));
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(y.data()[i] - want[i]) <= 1e-6 + 1e-5 * Math.abs(want[i]),
                    file + " output " + i + ": " + y.data()[i] + ", Keras " + want[i]);
        }
    }
}

package dev.recurrent.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keras' Masking: the mask it makes, its output, and recurrent layers skipping the masked steps. */
class MaskingTest {

    @Test
    void masksStepsWhoseEveryFeatureIsTheMaskValueAndZerosThem() {
        Masking m = new Masking(-1f);
        m.build(Shape.of(3, 2), 0);
        float[] x = {-1f, -1f, 0.5f, -1f, 2f, 3f,     -1f, 4f, -1f, -1f, -1f, -1f};
        float[] y = m.forward(x, 2, null, false);
        assertArrayEquals(new boolean[] {false, true, true, true, false, false}, m.outputMask(null));
        assertArrayEquals(new float[] {0f, 0f, 0.5f, -1f, 2f, 3f,     -1f, 4f, 0f, 0f, 0f, 0f}, y);
        float[] dy = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertArrayEquals(new float[] {0, 0, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0}, m.backward(dy));
    }

    @Test
    void recurrentLayerSkipsTrailingPaddingAsIfTheSequenceWereShorter() {
        Random rnd = new Random(3);
        Sequential padded = new Sequential("padded").input(5, 3).seed(1)
                .add(new Masking(0f))
                .add(LSTM.builder(4).build())
                .add(Dense.of(2)).build();
        Sequential shorter = new Sequential("shorter").input(2, 3).seed(2)
                .add(LSTM.builder(4).build())
                .add(Dense.of(2)).build();
        List<Parameter> from = padded.parameters(), to = shorter.parameters();
        assertEquals(from.size(), to.size());
        for (int i = 0; i < from.size(); i++) {
            System.arraycopy(from.get(i).value(), 0, to.get(i).value(), 0, from.get(i).value().length);
        }
        float[] xs = new float[2 * 3], xp = new float[5 * 3];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) rnd.nextGaussian();
            xp[i] = xs[i];
        }
        float[] expected = shorter.predict(Tensor.of(xs, 1, 2, 3), 1).data();
        float[] got = padded.predict(Tensor.of(xp, 1, 5, 3), 1).data();
        assertArrayEquals(expected, got, 1e-6f);
        float[] unmasked = xp.clone();
        unmasked[unmasked.length - 1] = 0.25f;
        float[] differs = padded.predict(Tensor.of(unmasked, 1, 5, 3), 1).data();
        assertEquals(false, java.util.Arrays.equals(expected, differs), "an unmasked step must count");
    }

    @Test
    void configRoundTripsThroughTheFactory() {
        Masking m = new Masking("pad", -2.5f);
        Map<String, Object> s = LayerFactory.serialize(m);
        Masking copy = (Masking) LayerFactory.deserialize(s);
        assertEquals("pad", copy.name());
        assertEquals(-2.5f, copy.maskValue());
        assertEquals(m.getConfig(), copy.getConfig());
    }

    @Test
    void refusesInputsThatAreNotSequences() {
        Masking m = new Masking(0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.build(Shape.of(4), 0));
        assertEquals(true, e.getMessage().contains("timesteps, features"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Masking(Float.NaN));
    }
}

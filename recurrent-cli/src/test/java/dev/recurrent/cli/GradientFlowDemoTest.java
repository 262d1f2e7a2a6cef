package dev.recurrent.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code demo gradient-flow} shows what it says: at Keras' default initialisation all three cells lose the
 * first steps' gradient (the GRU most, its update gate being about 0.5); with the gates opened the LSTM and
 * the GRU carry it back over the sequence, and the simple RNN, which has no gate, does not.
 */
public class GradientFlowDemoTest {
    private static final Pattern RATIO = Pattern.compile("(?m)^(\\S+(?: \\(\\w open\\))?) +gradient at step 1 is (\\S+) of");

    @Test
    void theGatedCellsCarryTheGradientOnlyWithTheirGatesOpen() {
        DemoCommandsTest.Run r = DemoCommandsTest.run("demo", "gradient-flow");
        assertEquals(0, r.code(), r.err());
        List<String> names = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        Matcher m = RATIO.matcher(r.out());
        while (m.find()) {
            names.add(m.group(1));
            ratios.add(Double.parseDouble(m.group(2)));
        }
        assertEquals(List.of("simple_rnn", "lstm", "gru", "simple_rnn", "lstm (f open)", "gru (z open)"), names, r.out());
        double rnn = ratios.get(0), lstm = ratios.get(1), gru = ratios.get(2);
        assertTrue(rnn < 1e-4 && lstm < 1e-4 && gru < 1e-4, "at initialisation all three forget: " + ratios);
        assertTrue(gru < rnn && gru < lstm, "the GRU's update gate of about 0.5 forgets fastest: " + ratios);
        assertEquals(rnn, ratios.get(3), "the simple RNN has no gate: the same layer twice");
        assertTrue(ratios.get(4) > 1e-2 && ratios.get(5) > 1e-2, "opened, the gates carry the gradient back: " + ratios);
    }
}

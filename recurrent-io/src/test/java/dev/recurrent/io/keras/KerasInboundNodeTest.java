package dev.recurrent.io.keras;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One call of a layer read from either format of Keras' {@code inbound_nodes}. */
class KerasInboundNodeTest {
    private static KerasInboundNode parse(String json) throws Exception {
        return KerasInboundNode.parse(new ObjectMapper().readTree(json), "lstm_1", "LSTM");
    }

    private static KerasInboundNode.Ref ref(String layer, int node, int tensor) {
        return new KerasInboundNode.Ref(layer, node, tensor);
    }

    @Test
    void keras2StatesAsFurtherInputsOrAsKwargs() throws Exception {
        KerasInboundNode extra = parse("[[\"input_2\", 0, 0, {}], [\"lstm\", 0, 1, {}], [\"lstm\", 0, 2, {}]]");
        assertEquals(List.of(ref("input_2", 0, 0), ref("lstm", 0, 1), ref("lstm", 0, 2)), extra.inputs());
        assertTrue(extra.states().isEmpty());
        KerasInboundNode kwargs = parse("[[\"input_2\", 0, 0, {\"initial_state\": [[\"lstm\", 0, 1], [\"lstm\", 0, 2]]}]]");
        assertEquals(List.of(ref("input_2", 0, 0)), kwargs.inputs());
        assertEquals(List.of(ref("lstm", 0, 1), ref("lstm", 0, 2)), kwargs.states());
    }

    @Test
    void keras3TensorsNestedAsCalledWithStatesMasksAndOptions() throws Exception {
        String t = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4], \"dtype\": \"float32\","
                + " \"keras_history\": [\"%s\", %d, %d]}}";
        KerasInboundNode n = parse("{\"args\": [" + String.format(t, "input_layer_1", 0, 0) + "], \"kwargs\":"
                + " {\"initial_state\": [" + String.format(t, "lstm", 0, 1) + ", " + String.format(t, "lstm", 0, 2) + "],"
                + " \"training\": false, \"mask\": " + String.format(t, "not_equal", 0, 0) + "}}");
        assertEquals(List.of(ref("input_layer_1", 0, 0)), n.inputs());
        assertEquals(List.of(ref("lstm", 0, 1), ref("lstm", 0, 2)), n.states());
        assertEquals(List.of(ref("not_equal", 0, 0)), n.masks());
        KerasInboundNode att = parse("{\"args\": [[" + String.format(t, "q", 0, 0) + ", " + String.format(t, "v", 1, 0)
                + "]], \"kwargs\": {\"return_attention_scores\": true, \"use_causal_mask\": true, \"mask\": [null, null]}}");
        assertEquals(List.of(ref("q", 0, 0), ref("v", 1, 0)), att.inputs());
        assertTrue(att.returnScores() && att.causal() && att.masks().isEmpty());
    }

    @Test
    void keras3AppliesTheMaskToACallOfOneTensorOrWhenGivenOne() throws Exception {
        String t = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"keras_history\": [\"%s\", 0, %d]}}";
        String x = String.format(t, "embedding", 0), h = String.format(t, "gru", 1), mask = String.format(t, "not_equal", 0);
        assertTrue(parse("{\"args\": [" + x + "], \"kwargs\": {\"mask\": null}}").appliesMask(), "one tensor");
        assertFalse(parse("{\"args\": [" + x + "], \"kwargs\": {\"initial_state\": [" + h + "]}}").appliesMask(),
                "initial_state and no mask recorded");
        assertFalse(parse("{\"args\": [" + x + "], \"kwargs\": {\"initial_state\": " + h + ", \"mask\": null}}")
                .appliesMask(), "mask=None");
        assertFalse(parse("{\"args\": [" + x + ", " + h + "], \"kwargs\": {}}").appliesMask(), "the state as an argument");
        assertTrue(parse("{\"args\": [" + x + "], \"kwargs\": {\"initial_state\": [" + h + "], \"mask\": " + mask
                + "}}").appliesMask(), "a mask recorded");
        assertTrue(parse("[[\"embedding\", 0, 0, {}], [\"gru\", 0, 1, {}]]").appliesMask(), "tf.keras: always");
        assertTrue(parse("[[\"embedding\", 0, 0, {\"initial_state\": [[\"gru\", 0, 1]]}]]").appliesMask(), "tf.keras: always");
    }
}

package dev.recurrent.optim;

import dev.recurrent.layers.Parameter;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

    @Test
    void everyVariantRoundTripsAndBehavesTheSame() {
        for (Supplier<Optimizer> make : Variants.all()) {
            Optimizer a = make.get();
            Optimizer b = Optimizer.fromConfig(a.name(), a.config());
            assertEquals(a.getClass(), b.getClass());
            assertEquals(a.name(), b.name());
            assertEquals(a.config(), b.config(), a.name());
            List<Parameter> pa = Params.standard();
            List<Parameter> pb = Params.standard();
            for (int t = 0; t < 3; t++) {
                Params.setGradients(pa, Params.gradients(t));
                Params.setGradients(pb, Params.gradients(t));
                a.step(pa);
                b.step(pb);
            }
            for (int i = 0; i < pa.size(); i++) {
                assertArrayEquals(pa.get(i).value(), pb.get(i).value(), a.toString());
            }
        }
    }

    @Test
    void defaultConfigsAreKeras() {
        Map<String, Object> adam = new Adam().config();
        assertEquals(List.of("learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "beta_1",
                "beta_2", "epsilon", "amsgrad"), List.copyOf(adam.keySet()));
        assertEquals((double) 0.001f, adam.get("learning_rate"), "Keras' float(variable) of the float32 rate");
        assertEquals(0.9, adam.get("beta_1"));
        assertEquals(0.999, adam.get("beta_2"));
        assertEquals(1e-7, adam.get("epsilon"));
        assertEquals(false, adam.get("amsgrad"));
        assertNull(adam.get("weight_decay"));
        assertNull(adam.get("clipnorm"));

        Map<String, Object> sgd = new SGD().config();
        assertEquals((double) 0.01f, sgd.get("learning_rate"));
        assertEquals(0.0, sgd.get("momentum"));
        assertEquals(false, sgd.get("nesterov"));

        Map<String, Object> rms = new RMSprop().config();
        assertEquals((double) 0.001f, rms.get("learning_rate"));
        assertEquals(0.9, rms.get("rho"));
        assertEquals(0.0, rms.get("momentum"));
        assertEquals(1e-7, rms.get("epsilon"));
        assertEquals(false, rms.get("centered"));

        Map<String, Object> adamW = new AdamW().config();
        assertEquals(0.004, adamW.get("weight_decay"));
        assertEquals(0.9, adamW.get("beta_1"));

        Map<String, Object> adagrad = new Adagrad().config();
        assertEquals((double) 0.001f, adagrad.get("learning_rate"));
        assertEquals(0.1, adagrad.get("initial_accumulator_value"));
        assertEquals(1e-7, adagrad.get("epsilon"));
    }

    @Test
    void theScheduleIsNested() {
        Optimizer sgd = SGD.builder().learningRate(new ExponentialDecay(0.1, 1000, 0.96, true)).build();
        Object lr = sgd.config().get("learning_rate");
        assertTrue(lr instanceof Map, "got " + lr);
        Map<?, ?> nested = (Map<?, ?>) lr;
        assertEquals("ExponentialDecay", nested.get("class_name"));
        assertEquals(1000L, ((Map<?, ?>) nested.get("config")).get("decay_steps"));
        Optimizer back = Optimizer.fromConfig("SGD", sgd.config());
        assertTrue(back.schedule() instanceof ExponentialDecay);
        assertEquals(sgd.config(), back.config());
    }

    /** A config as Keras 3's {@code Adam().get_config()} writes it. */
    @Test
    void aKerasWrittenConfigLoads() {
        Map<String, Object> keras = new LinkedHashMap<>();
        keras.put("name", "adam");
        keras.put("learning_rate", 0.0010000000474974513);
        keras.put("weight_decay", null);
        keras.put("clipnorm", null);
        keras.put("global_clipnorm", null);
        keras.put("clipvalue", null);
        keras.put("use_ema", false);
        keras.put("ema_momentum", 0.99);
        keras.put("ema_overwrite_frequency", null);
        keras.put("loss_scale_factor", null);
        keras.put("gradient_accumulation_steps", null);
        keras.put("beta_1", 0.9);
        keras.put("beta_2", 0.999);
        keras.put("epsilon", 1e-07);
        keras.put("amsgrad", false);
        Optimizer adam = Optimizer.fromConfig("adam", keras);
        assertEquals(new Adam().config(), adam.config());

        Map<String, Object> schedule = new HashMap<>();
        schedule.put("module", "keras.optimizers.schedules");
        schedule.put("class_name", "ExponentialDecay");
        schedule.put("config", Map.of("initial_learning_rate", 0.01, "decay_steps", 100, "decay_rate", 0.9,
                "staircase", false, "name", "ExponentialDecay"));
        schedule.put("registered_name", null);
        keras.put("learning_rate", schedule);
        assertTrue(Optimizer.fromConfig("Adam", keras).schedule() instanceof ExponentialDecay);
    }

    @Test
    void configFollowsTheLearningRate() {
        SGD sgd = new SGD(0.5);
        sgd.setLearningRate(0.125f);
        assertEquals(0.125, sgd.config().get("learning_rate"));
        assertEquals(0.125f, Optimizer.fromConfig("SGD", sgd.config()).learningRate());
    }

    @Test
    void unknownOrUnsupportedEntriesAreRefused() {
        Map<String, Object> c = new HashMap<>(new Adam().config());
        c.put("foo", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizer.fromConfig("Adam", c));
        assertEquals("Adam: argument(s) not recognized: [foo]", e.getMessage());

        Map<String, Object> ema = new HashMap<>(new Adam().config());
        ema.put("use_ema", true);
        e = assertThrows(IllegalArgumentException.class, () -> Optimizer.fromConfig("Adam", ema));
        assertTrue(e.getMessage().contains("use_ema") && e.getMessage().contains("false"), e.getMessage());

        Map<String, Object> wrongType = new HashMap<>(new Adam().config());
        wrongType.put("beta_1", "0.9");
        e = assertThrows(IllegalArgumentException.class, () -> Optimizer.fromConfig("Adam", wrongType));
        assertTrue(e.getMessage().contains("`beta_1` must be a number"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Optimizer.fromConfig("Nadam", Map.of()));
        assertTrue(e.getMessage().contains("Nadam") && e.getMessage().contains("Adam"), e.getMessage());

        Map<String, Object> noDecay = new HashMap<>(new AdamW().config());
        noDecay.put("weight_decay", null);
        e = assertThrows(IllegalArgumentException.class, () -> Optimizer.fromConfig("AdamW", noDecay));
        assertEquals("AdamW: received an invalid value for argument `weight_decay`, expected a float, got None",
                e.getMessage());
    }

    @Test
    void missingEntriesTakeTheirDefaults() {
        assertEquals(new RMSprop().config(), Optimizer.fromConfig("rmsprop", Map.of()).config());
        assertEquals(0.004, Optimizer.fromConfig("AdamW", Map.of()).config().get("weight_decay"));
    }
}

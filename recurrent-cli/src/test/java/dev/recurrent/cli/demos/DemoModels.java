package dev.recurrent.cli.demos;

import dev.recurrent.model.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * Every demo's own network, built by the demo's own factory with its default sizes (the text demo
 * with a vocabulary of 57 characters, the size of its corpus), for tests outside this package.
 * The weights are the initial ones shifted by noise, so that no weight (a bias above all) is zero.
 */
public final class DemoModels {
    /** One demo network: {@code name} as in {@code recurrent demo NAME}, plus the cell or variant; the batch it runs at. */
    public record DemoModel(String name, LongFunction<Sequential> factory, int batch) {
        /** The network with the weights of {@code seed}, noise included. */
        public Sequential build(long seed) {
            Sequential m = factory.apply(seed).build();
            Random r = new Random(seed);
            List<float[]> weights = m.getWeights();
            for (float[] w : weights) {
                for (int i = 0; i < w.length; i++) {
                    w[i] += (float) (0.1 * r.nextGaussian());
                }
            }
            m.setWeights(weights);
            return m;
        }
    }

    private static final int TEXT_CHARS = 57;

    private DemoModels() {
    }

    public static List<DemoModel> all() {
        List<DemoModel> all = new ArrayList<>();
        for (AlphabetDemo.Variant v : AlphabetDemo.VARIANTS) {
            all.add(new DemoModel("alphabet " + v.number(), seed -> AlphabetDemo.model(v, 32, seed), 4));
        }
        all.add(new DemoModel("dinner", seed -> DinnerDemo.model(7, 8, seed), 4));
        for (SalesDemo.Cell c : SalesDemo.CELLS) {
            all.add(new DemoModel("sales " + c.name(), seed -> SalesDemo.model(c, 4, seed), 1));
        }
        for (AdditionDemo.Cell c : AdditionDemo.CELLS) {
            all.add(new DemoModel("addition " + c.name(), seed -> AdditionDemo.model(c, 128, seed), 4));
        }
        all.add(new DemoModel("imdb", seed -> ImdbDemo.model(ImdbDemo.MAX_FEATURES, ImdbDemo.MAXLEN, seed), 2));
        all.add(new DemoModel("text", seed -> TextDemo.model(TEXT_CHARS, seed), 4));
        return all;
    }

    /** The other cells the sales and addition demos take with {@code --cell}, in place of their LSTM. */
    public static List<DemoModel> cellVariants() {
        List<DemoModel> all = new ArrayList<>();
        for (SalesDemo.Cell c : SalesDemo.LSTM_VARIANTS.subList(1, SalesDemo.LSTM_VARIANTS.size())) {
            all.add(new DemoModel("sales --cell " + c.name(), seed -> SalesDemo.model(c, 4, seed), 1));
        }
        for (AdditionDemo.Cell c : AdditionDemo.VARIANTS) {
            all.add(new DemoModel("addition --cell " + c.name(), seed -> AdditionDemo.model(c, 128, seed), 4));
        }
        return all;
    }

    /** The demo network called {@code name}. */
    public static DemoModel named(String name) {
        return java.util.stream.Stream.concat(all().stream(), cellVariants().stream()).filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo network " + name));
    }
}

package dev.recurrent.optim;

import java.util.List;
import java.util.function.Supplier;

/** One optimizer of every kind and option, non-default where possible, for the generic tests. */
final class Variants {
    private Variants() {
    }

    static List<Supplier<Optimizer>> all() {
        return List.of(
                () -> new SGD(),
                () -> SGD.builder().learningRate(0.05).momentum(0.9).clipnorm(1.0).build(),
                () -> SGD.builder().momentum(0.5).nesterov(true).weightDecay(0.01).build(),
                () -> new RMSprop(),
                () -> RMSprop.builder().learningRate(0.01).rho(0.8).momentum(0.3).centered(true).clipvalue(0.5)
                        .build(),
                () -> new Adam(),
                () -> Adam.builder().learningRate(new ExponentialDecay(0.01, 2, 0.9)).beta1(0.8).beta2(0.99)
                        .epsilon(1e-6).amsgrad(true).globalClipnorm(2.0).build(),
                () -> new AdamW(),
                () -> AdamW.builder().learningRate(new StepDecay(0.01, 0.5, 2)).weightDecay(0.05).amsgrad(true)
                        .build(),
                () -> new Adagrad(),
                () -> Adagrad.builder().learningRate(0.1).initialAccumulatorValue(0.2).epsilon(1e-6).clipnorm(0.5)
                        .build());
    }
}

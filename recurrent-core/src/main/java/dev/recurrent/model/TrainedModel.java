package dev.recurrent.model;

import dev.recurrent.optim.Optimizer;

import java.util.List;

/** What callbacks use of the model being fitted, a {@link Sequential} or a graph {@link Model}. */
public interface TrainedModel {

    String name();

    Optimizer optimizer();

    /** Ends {@code fit} after the current batch. */
    void stopTraining();

    List<float[]> getWeights();

    void setWeights(List<float[]> weights);
}

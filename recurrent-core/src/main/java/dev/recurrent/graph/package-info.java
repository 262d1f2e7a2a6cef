/**
 * The graph of a functional model, as Keras' functional API builds it: {@link dev.recurrent.graph.Input}
 * nodes, layers called on nodes ({@link dev.recurrent.graph.Functional#call}), recurrent layers'
 * states wired into other layers' initial states, shared layers, merge layers and attention layers;
 * then {@link dev.recurrent.graph.Graph} (the calls in topological order, checked) and
 * {@link dev.recurrent.graph.GraphRun} (the forward and backward passes over it).
 *
 * <p>Imports: the JDK, {@code layers}, {@code layers.attention} and {@code init} (the dropout
 * generators a repeated call sets back). The trainable model over a graph
 * is {@code dev.recurrent.model.Model}.
 */
package dev.recurrent.graph;

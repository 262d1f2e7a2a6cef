/**
 * Attention layers of Keras' family: {@link dev.recurrent.layers.attention.Attention} (Luong,
 * dot-product or concat scores) and {@link dev.recurrent.layers.attention.AdditiveAttention}
 * (Bahdanau). They take several inputs (query, value, optional key) and their masks, so they are not
 * {@link dev.recurrent.layers.Layer}s of a {@code Sequential}; {@link
 * dev.recurrent.layers.attention.AttentionLayer} gives them the same style of API: build for sample
 * shapes, forward and backward over the layer's own buffers, {@link dev.recurrent.layers.Parameter}s
 * for the optimizer, and a Keras config ({@link dev.recurrent.layers.attention.AttentionLayers}).
 *
 * <p>Legend: B batch, Tq query steps, Tv value steps, D query (and key) features, Dv value features.
 *
 * <p>Imports: {@code layers}, {@code kernels}, {@code init} and {@code config}; never {@code model},
 * {@code loss}, {@code metrics} or {@code optim}.
 */
package dev.recurrent.layers.attention;

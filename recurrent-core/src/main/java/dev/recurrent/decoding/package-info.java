/**
 * Decoding: running a model one step at a time and choosing its output tokens.
 *
 * <p>{@link dev.recurrent.decoding.SequentialStepper} runs a {@code Sequential}'s layers
 * step by step ({@code step(x_t, state) → y_t}, the states advanced in place, nothing recomputed
 * for the steps before); {@link dev.recurrent.decoding.Decoder} is the token-level interface the
 * strategies drive, and {@link dev.recurrent.decoding.SequenceDecoder} the one of a language model.
 * Strategies: greedy and sampling ({@link dev.recurrent.decoding.Sampler} with
 * {@link dev.recurrent.decoding.Sampling}: temperature, {@link dev.recurrent.decoding.TopK},
 * {@link dev.recurrent.decoding.TopP}, {@link dev.recurrent.decoding.RepetitionPenalty}) and
 * {@link dev.recurrent.decoding.BeamSearch}. Scores are log-probabilities in double.
 *
 * <p>Imports: {@code layers}; never {@code model} (a model hands over its {@code layers()}).
 */
package dev.recurrent.decoding;

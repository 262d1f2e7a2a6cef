package dev.recurrent.decoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search as Hugging Face's {@code BeamSearchScorer} runs it (with {@code early_stopping =
 * False}): {@code width} sequences are extended together; at each step every extension of every
 * live sequence is ranked by its summed log-probability, the best {@code 2 · width} are looked at
 * in order, an extension by the end token among the first {@code width} is set aside as finished,
 * and the first {@code width} others live on. A sequence is ranked in the end by its score
 * {@code log p / length^α} (Wu et al. 2016, GNMT, in Hugging Face's simpler form; the length counts
 * the generated tokens, the end token included): α = 0 ranks by probability alone, α &gt; 0 favours
 * longer sequences. The search stops when {@code width} sequences have finished and the best live
 * one scores no better than the worst of them now, or at the length limit (the live sequences
 * then count as found too).
 *
 * <p>Deterministic: equal scores are ordered by beam, then by token id. Width 1 is greedy decoding.
 */
public final class BeamSearch {
    private final int width;
    private final double lengthPenalty;
    private final int endToken;
    private final double repetitionPenalty;

    /**
     * @param width         the number of sequences kept, ≥ 1
     * @param lengthPenalty α, finite (Hugging Face's default is 1)
     * @param endToken      the token that ends a sequence, or −1 for none (every sequence then runs
     *                      to the length limit)
     */
    public BeamSearch(int width, double lengthPenalty, int endToken) {
        this(width, lengthPenalty, endToken, 1);
    }

    private BeamSearch(int width, double lengthPenalty, int endToken, double repetitionPenalty) {
        if (width < 1) {
            throw new IllegalArgumentException("the beam width must be at least 1, got " + width);
        }
        if (!Double.isFinite(lengthPenalty)) {
            throw new IllegalArgumentException("the length penalty must be a finite number, got " + lengthPenalty);
        }
        if (endToken < -1) {
            throw new IllegalArgumentException("the end token must be a token id or -1 for none, got " + endToken);
        }
        this.width = width;
        this.lengthPenalty = lengthPenalty;
        this.endToken = endToken;
        this.repetitionPenalty = RepetitionPenalty.check(repetitionPenalty);
    }

    /** The same search with {@link RepetitionPenalty} on every step's log-probabilities (1 for none). */
    public BeamSearch withRepetitionPenalty(double penalty) {
        return new BeamSearch(width, lengthPenalty, endToken, penalty);
    }

    public int width() {
        return width;
    }

    /** A live sequence: its decoder state (after its last token), tokens, summed log p, next-token probabilities. */
    private record Beam<S>(S state, int[] tokens, double logProbability, float[] next, boolean[] seen) {
    }

    /** An extension of beam {@code beam} by {@code token}, with its summed log p. */
    private record Candidate(int beam, int token, double logProbability) {
    }

    /**
     * Reads the prompt from {@code state} on (the state is then the first beam's), and returns the
     * {@code best} highest-scoring sequences found, best first, each of at most {@code maxLength}
     * tokens.
     *
     * @param best how many to return, in [1, width]
     */
    public <S> List<Hypothesis> search(Decoder<S> decoder, S state, int[] prompt, int maxLength, int best) {
        Prompts.check(decoder, prompt, maxLength, endToken);
        if (maxLength < 1) {
            throw new IllegalArgumentException("beam search needs a length limit of at least 1, got " + maxLength);
        }
        if (best < 1 || best > width) {
            throw new IllegalArgumentException("can return 1 to " + width + " sequences (the beam width), asked for " + best);
        }
        boolean[] seen = repetitionPenalty != 1 ? new boolean[decoder.vocabularySize()] : null;
        float[] first = Prompts.read(decoder, state, prompt, seen);
        List<Beam<S>> live = List.of(new Beam<>(state, new int[0], 0, first, seen));
        List<Hypothesis> finished = new ArrayList<>();
        for (int length = 1; length <= maxLength; length++) {
            List<Candidate> ranked = rank(live);
            List<Candidate> next = new ArrayList<>(width);
            for (int r = 0; r < ranked.size() && next.size() < width; r++) {
                Candidate c = ranked.get(r);
                if (c.token() == endToken) {
                    if (r < width) {
                        keep(finished, hypothesis(live.get(c.beam()).tokens(), c.token(), c.logProbability()));
                    }
                } else {
                    next.add(c);
                }
            }
            if (next.isEmpty() || finished.size() >= width
                    && worst(finished) >= next.get(0).logProbability() / Math.pow(length, lengthPenalty)) {
                live = List.of();
                break;
            }
            if (length == maxLength) {
                for (Candidate c : next) {
                    keep(finished, hypothesis(live.get(c.beam()).tokens(), c.token(), c.logProbability()));
                }
                live = List.of();
                break;
            }
            live = extend(decoder, live, next);
        }
        finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return List.copyOf(finished.subList(0, Math.min(best, finished.size())));
    }

    /** Every extension of every live beam by a token of nonzero probability, best first (ties by beam, then token), the first 2 · width. */
    private List<Candidate> rank(List<? extends Beam<?>> live) {
        List<Candidate> all = new ArrayList<>();
        for (int b = 0; b < live.size(); b++) {
            Beam<?> beam = live.get(b);
            double[] s = Scores.logOf(beam.next());
            if (beam.seen() != null) {
                RepetitionPenalty.apply(s, beam.seen(), repetitionPenalty);
            }
            for (int v = 0; v < s.length; v++) {
                if (s[v] != Double.NEGATIVE_INFINITY) {
                    all.add(new Candidate(b, v, beam.logProbability() + s[v]));
                }
            }
        }
        all.sort(Comparator.comparingDouble(Candidate::logProbability).reversed());   // stable: ties keep beam, token order
        return all.subList(0, Math.min(all.size(), 2 * width));
    }

    /** The chosen extensions as the next live beams, each on its own copy of its parent's state. */
    private <S> List<Beam<S>> extend(Decoder<S> decoder, List<Beam<S>> live, List<Candidate> next) {
        List<Beam<S>> beams = new ArrayList<>(next.size());
        for (Candidate c : next) {
            Beam<S> parent = live.get(c.beam());
            S state = decoder.copy(parent.state());
            float[] p = decoder.step(state, c.token());
            boolean[] seen = parent.seen() == null ? null : parent.seen().clone();
            if (seen != null) {
                seen[c.token()] = true;
            }
            int[] tokens = Arrays.copyOf(parent.tokens(), parent.tokens().length + 1);
            tokens[tokens.length - 1] = c.token();
            beams.add(new Beam<>(state, tokens, c.logProbability(), p, seen));
        }
        return beams;
    }

    private Hypothesis hypothesis(int[] prefix, int token, double logProbability) {
        int[] tokens = Arrays.copyOf(prefix, prefix.length + 1);
        tokens[prefix.length] = token;
        return new Hypothesis(tokens, logProbability, logProbability / Math.pow(tokens.length, lengthPenalty));
    }

    /** Adds {@code h} to the finished ones, keeping the best {@code width} (the first found among equals). */
    private void keep(List<Hypothesis> finished, Hypothesis h) {
        finished.add(h);
        if (finished.size() > width) {
            int worst = 0;
            for (int i = 1; i < finished.size(); i++) {
                if (finished.get(i).score() <= finished.get(worst).score()) {
                    worst = i;
                }
            }
            finished.remove(worst);
        }
    }

    private static double worst(List<Hypothesis> finished) {
        double w = Double.POSITIVE_INFINITY;
        for (Hypothesis h : finished) {
            w = Math.min(w, h.score());
        }
        return w;
    }
}

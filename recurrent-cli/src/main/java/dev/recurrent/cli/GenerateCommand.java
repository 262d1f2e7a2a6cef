package dev.recurrent.cli;

import dev.recurrent.cli.pipelines.CharVocabularyFile;
import dev.recurrent.cli.pipelines.TextContinuation;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.decoding.Sampling;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.model.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code recurrent generate}: continues a text with a character model saved by {@code recurrent demo
 * text} ({@code model.zip} and, beside it, {@code model.chars.json}). Prints the seed, then the
 * generated characters as they are drawn, on standard output; nothing else goes there.
 *
 * <p>The seed is lower-cased when the model learned a lower-cased text. A character the model does
 * not know is refused (exit code 2), naming it. The network reads the seed, all of it, then one step
 * per generated character, its states carried on ({@link TextContinuation}): the context is the
 * whole text, and each character costs one step. Characters are drawn with a temperature, top-k,
 * top-p and a repetition penalty, or the likeliest continuation is searched with a beam.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Continues a text with a character-level model saved by 'recurrent demo text'.")
public final class GenerateCommand implements Callable<Integer> {
    /** The model file of a {@code demo text} run directory. */
    static final String MODEL_FILE = "model.zip";

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE",
            description = "The model file of a 'demo text' run, model.zip, with its characters in model.chars.json"
                    + " beside it; or the run directory.")
    Path model;

    @Option(names = {"-s", "--seed"}, required = true, paramLabel = "TEXT", description = "The text to continue.")
    String seed;

    @Option(names = {"-t", "--temperature"}, defaultValue = "0.5", paramLabel = "T",
            description = "Sampling temperature: 0 always takes the most likely character, 0.2 is cautious,"
                    + " 1.0 draws from the model's distribution, above it is wilder (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = {"-n", "--length"}, defaultValue = "400", paramLabel = "N",
            description = "Characters to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Draw only from the K likeliest characters (default: all).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P",
            description = "Nucleus sampling: draw only from the likeliest characters that together have probability"
                    + " at least P, in (0, 1] (default: 1, all).")
    Double topP;

    @Option(names = "--repetition-penalty", defaultValue = "1", paramLabel = "R",
            description = "Raise the probability of every character already in the text to the power R before"
                    + " drawing: above 1 repeats less, 1 is none (default: ${DEFAULT-VALUE}).")
    double repetitionPenalty;

    @Option(names = "--beam", paramLabel = "W",
            description = "Instead of drawing, search for the likeliest continuation with a beam of W texts"
                    + " (1 takes the likeliest character at each step); prints it when found.")
    Integer beam;

    @Option(names = "--rng-seed", paramLabel = "N",
            description = "Seed of the random draws, to repeat a text (default: a new one each run, printed on standard error).")
    Long rngSeed;

    @Override
    public Integer call() {
        if (length < 0) {
            throw new ParameterException(spec.commandLine(), "--length must be at least 0, got " + length);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new ParameterException(spec.commandLine(), "--temperature must be a finite number >= 0, got "
                    + temperature);
        }
        checkDecodingOptions();
        Path model = modelFile();
        CharVocabularyFile.Contents vocab = CharVocabularyFile.read(CharVocabularyFile.besides(model));
        Sequential m;
        try {
            m = ModelFiles.load(model);
        } catch (IOException e) {
            throw new InputError("cannot load the model " + model + ": " + e.getMessage(), e);
        }
        TextContinuation generator = new TextContinuation(m, vocab.vocabulary());
        if (vocab.window() != generator.window()) {
            throw new IllegalArgumentException(model + " reads " + generator.window() + " characters at once, but "
                    + CharVocabularyFile.besides(model) + " says " + vocab.window());
        }
        String text = vocab.lowercase() ? seed.toLowerCase(Locale.ROOT) : seed;
        if (text.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--seed must not be empty");
        }
        checkCharacters(text, vocab);

        PrintWriter out = spec.commandLine().getOut();
        if (beam != null) {
            out.print(text);
            out.flush();
            out.println(generator.beam(text, length, beam, repetitionPenalty));
            out.flush();
            return 0;
        }
        long s = rngSeed != null ? rngSeed : new Random().nextLong();
        if (rngSeed == null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("(random seed " + s + "; --rng-seed " + s + " repeats this text)");
            err.flush();
        }
        Sampling sampling = new Sampling(temperature, topK == null ? 0 : topK, topP == null ? 1 : topP,
                repetitionPenalty);
        out.print(text);
        out.flush();
        generator.sample(text, length, sampling, new Random(s), cp -> {
            out.print(Character.toChars(cp));
            out.flush();
        });
        out.println();
        out.flush();
        return 0;
    }

    /** Refuses out-of-range decoding options, and sampling options given with {@code --beam}, which draws nothing. */
    private void checkDecodingOptions() {
        if (topK != null && topK < 1) {
            throw new ParameterException(spec.commandLine(), "--top-k must be at least 1, got " + topK);
        }
        if (topP != null && !(topP > 0 && topP <= 1)) {
            throw new ParameterException(spec.commandLine(), "--top-p must be in (0, 1], got " + topP);
        }
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new ParameterException(spec.commandLine(), "--repetition-penalty must be a finite number > 0"
                    + " (1 for none), got " + repetitionPenalty);
        }
        if (beam != null && beam < 1) {
            throw new ParameterException(spec.commandLine(), "--beam must be at least 1, got " + beam);
        }
        if (beam != null) {
            for (String option : new String[] {"--temperature", "--top-k", "--top-p", "--rng-seed"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new ParameterException(spec.commandLine(), "--beam searches for the likeliest text and draws"
                            + " nothing: drop " + option);
                }
            }
        }
    }

    /** The model file: {@code --model} itself, or in a run directory of {@code demo text} its {@value #MODEL_FILE}. */
    private Path modelFile() {
        if (Files.isDirectory(model)) {
            Path inside = model.resolve(MODEL_FILE);
            if (!Files.isRegularFile(inside)) {
                throw new InputError(model + " is a folder without " + MODEL_FILE + "; give the model file or the run"
                        + " directory of a 'demo text' run");
            }
            return inside;
        }
        if (!Files.isRegularFile(model)) {
            throw new InputError("no model file " + model);
        }
        return model;
    }

    /** One line naming the first unknown character, its position, and the characters there are. */
    private static void checkCharacters(String text, CharVocabularyFile.Contents vocab) {
        int i = 0;
        for (int off = 0; off < text.length(); i++) {
            int cp = text.codePointAt(off);
            if (vocab.vocabulary().indexOf(cp) < 0) {
                String shown = cp >= 32 && cp != 127 ? "'" + new String(Character.toChars(cp)) + "'" : "";
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "the seed's character %s (U+%04X) at position %d is not one the model knows; it knows %d: %s",
                        shown, cp, i, vocab.vocabulary().size(), printable(vocab.vocabulary().chars())));
            }
            off += Character.charCount(cp);
        }
    }

    private static String printable(String chars) {
        return chars.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }
}

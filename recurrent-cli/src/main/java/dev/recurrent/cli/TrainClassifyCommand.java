package dev.recurrent.cli;

import dev.recurrent.cli.demos.DemoOptions;
import dev.recurrent.cli.demos.DemoRun;
import dev.recurrent.cli.pipelines.Sidecar;
import dev.recurrent.cli.pipelines.TokenPipeline;
import dev.recurrent.cli.report.HtmlReport;
import dev.recurrent.cli.report.Plots;
import dev.recurrent.cli.run.Durations;
import dev.recurrent.cli.run.InputError;
import dev.recurrent.cli.run.KernelsBanner;
import dev.recurrent.cli.run.ProgressCallback;
import dev.recurrent.cli.run.TrainingCheckpoint;
import dev.recurrent.io.ModelFiles;
import dev.recurrent.layers.Dense;
import dev.recurrent.layers.Embedding;
import dev.recurrent.loss.BinaryCrossentropy;
import dev.recurrent.loss.SparseCategoricalCrossentropy;
import dev.recurrent.model.FitOptions;
import dev.recurrent.model.History;
import dev.recurrent.model.Sequential;
import dev.recurrent.tensor.Tensor;
import dev.recurrent.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code recurrent train classify}: a sequence classifier for the user's labelled file, one
 * {@code label<TAB>sequence} per line ({@link TokenPipeline}: tokens mapped to ids with a vocabulary
 * of the training lines). {@code Embedding(maskZero) → <cell>(units) → Dense(1, sigmoid)} for two
 * labels, {@code Dense(K, softmax)} for K; binary or sparse categorical cross-entropy, Adam. The lines
 * are shuffled (with the seed) and the last {@code --test-fraction} held out. Prints the accuracy on
 * them against always answering the most frequent training label; writes {@code classifier.model},
 * its sidecar {@code classifier.json} (labels, vocabulary, length), {@code accuracy.png},
 * {@code loss.png} and {@code report.html}, all or nothing ({@link dev.recurrent.cli.run.StagedDirectory}).
 */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a sequence classifier on a file of label<TAB>sequence lines (tokens separated by "
                + "spaces). Prints the accuracy on held-out lines; saves the model (classifier.model + "
                + "classifier.json), plots and report.html.")
public final class TrainClassifyCommand implements Callable<Integer> {
    public static final String MODEL_FILE = Sidecar.CLASSIFIER_MODEL_FILE;

    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "FILE",
            description = "UTF-8 text, one example per line: label<TAB>tokens separated by spaces.")
    Path file;

    @Option(names = "--max-len", defaultValue = "0", paramLabel = "T",
            description = "Tokens per sequence: shorter ones are padded before, longer ones keep their last T"
                    + " (default: the longest training sequence).")
    int maxLen;

    @Option(names = "--max-vocab", defaultValue = "20000", paramLabel = "V",
            description = "Ids in all, with padding (0) and unknown (1): the V-2 most frequent tokens are kept"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--embedding-dim", defaultValue = "32", paramLabel = "D",
            description = "Size of the token vectors (default: ${DEFAULT-VALUE}).")
    int embeddingDim;

    @Mixin
    TrainingSize size = new TrainingSize(32, 20, 32);

    @Mixin
    TrainOptions train;

    @Mixin
    DemoOptions options;

    @Override
    public Integer call() {
        int units = size.units, epochs = size.epochs, batch = size.batch;
        options.requireAtLeast("--max-len", maxLen, 0);
        options.requireAtLeast("--max-vocab", maxVocab, 3);
        options.requireAtLeast("--embedding-dim", embeddingDim, 1);
        size.check(options);
        train.validate();
        ProgressCallback.Verbosity verbosity = options.verbosity();
        Path target = options.stagedTarget("classify");

        // ---- the data, checked before anything is written
        List<TokenPipeline.Example> examples = new ArrayList<>(TokenPipeline.read(file, true));
        if (examples.size() < 2) {
            throw new InputError(file + ": " + examples.size() + " line; a classifier needs at least two (one to train,"
                    + " one to test)");
        }
        Random shuffle = new Random(train.seed);
        for (int i = examples.size() - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            TokenPipeline.Example t = examples.get(i);
            examples.set(i, examples.get(j));
            examples.set(j, t);
        }
        int testCount = train.testCount(examples.size()), trainCount = examples.size() - testCount;
        if (trainCount < 1) {
            throw new InputError("--test-fraction " + train.testFraction + " leaves no training line of "
                    + examples.size());
        }
        List<TokenPipeline.Example> trainSet = examples.subList(0, trainCount);
        List<TokenPipeline.Example> testSet = examples.subList(trainCount, examples.size());
        TokenPipeline pipeline = TokenPipeline.fit(trainSet, examples, maxVocab, maxLen);
        if (pipeline.labels.size() < 2) {
            throw new InputError(file + ": every line has the label \"" + pipeline.labels.get(0)
                    + "\"; a classifier needs at least two labels");
        }
        Tensor trainX = pipeline.x(trainSet), trainY = pipeline.y(trainSet);
        Tensor testX = pipeline.x(testSet), testY = pipeline.y(testSet);

        boolean binary = pipeline.binary();
        int k = pipeline.labels.size();
        Sequential built = new Sequential("classifier").input(pipeline.maxLen).seed(train.seed)
                .add(new Embedding(pipeline.inputDim(), embeddingDim, true))
                .add(train.cell.layer(units))
                .add(binary ? Dense.of(1, "sigmoid") : Dense.of(k, "softmax"))
                .compile(new Adam(train.learningRate),
                        binary ? new BinaryCrossentropy() : new SparseCategoricalCrossentropy(), "accuracy");
        TrainingCheckpoint.Start start = train.start(built);
        Sequential model = start.model();
        String summary = model.summary();
        String command = train.commandLine();
        String network = "Embedding(" + pipeline.inputDim() + ", " + embeddingDim + ", mask_zero) -> " + train.cell.type
                + "(" + units + ") -> " + (binary ? "Dense(1, sigmoid)" : "Dense(" + k + ", softmax)");
        String lossName = binary ? "binary cross-entropy" : "sparse categorical cross-entropy";

        // the baseline: always the most frequent training label
        int[] counts = new int[k];
        for (TokenPipeline.Example e : trainSet) {
            counts[pipeline.labelIndex(e.label())]++;
        }
        int majority = TokenPipeline.argmax(toFloats(counts));
        int majorityRight = 0;
        for (TokenPipeline.Example e : testSet) {
            majorityRight += pipeline.labelIndex(e.label()) == majority ? 1 : 0;
        }
        double baseline = majorityRight / (double) testCount;

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Classifying %s: %d lines, %d labels (%s); %d train, %d test (shuffled with seed %d)%n", file,
                examples.size(), k, String.join(", ", pipeline.labels), trainCount, testCount, train.seed);
        out.printf("Vocabulary: %d tokens of the training lines (+ padding 0, unknown 1); sequences of %d tokens%n",
                pipeline.vocabulary.size(), pipeline.maxLen);
        out.printf("%s, %s, Adam (lr %s), %d epochs, batch %d%s; %s%n", network, lossName,
                train.learningRate, epochs, batch, train.tbpttNote(), KernelsBanner.describe().line());
        out.print(summary);
        out.flush();

        DemoRun.staged(target, (stop, run) -> {
            long t0 = System.nanoTime();
            History history = model.fit(trainX, trainY, train.withTbptt(FitOptions.defaults()).epochs(epochs)
                    .batchSize(batch).validationData(testX, testY)
                    .initialEpoch(start.initialEpoch())
                    .callbacks(train.callbacks(target, new ProgressCallback(out, verbosity, epochs), stop)));
            long trainNanos = System.nanoTime() - t0;
            int ran = start.initialEpoch() + history.epochs().size();

            float[][] p = pipeline.probabilities(model, testSet, batch);
            int right = 0;
            for (int i = 0; i < p.length; i++) {
                right += TokenPipeline.argmax(p[i]) == pipeline.labelIndex(testSet.get(i).label()) ? 1 : 0;
            }
            double accuracy = right / (double) testCount;
            String results = String.format(Locale.ROOT, "Test accuracy: %.4f (%d of %d lines); always \"%s\": %.4f%n",
                    accuracy, right, testCount, pipeline.labels.get(majority), baseline);
            out.printf("(trained in %s: %d epochs of %d lines)%n", Durations.format(trainNanos), ran, trainCount);
            out.print(results);
            out.flush();

            Path modelFile = run.file(MODEL_FILE);
            ModelFiles.save(model, modelFile, false);
            Sidecar.write(modelFile, sidecar(pipeline, ran, trainCount, testCount, accuracy, baseline, command));
            Plots.history(run.file("accuracy.png"), "Accuracy: training and held-out lines", history, "accuracy");
            Plots.history(run.file("loss.png"), "Loss: training and held-out lines", history, "loss");
            HtmlReport report = new HtmlReport(run.file("report.html"), "Recurrent: train classify");
            report.setting("command", command)
                    .setting("data", file + ": " + examples.size() + " lines, labels " + String.join(", ", pipeline.labels))
                    .setting("split", "shuffled with seed " + train.seed + "; " + trainCount + " train, " + testCount
                            + " held out")
                    .setting("tokens", pipeline.vocabulary.size() + " in the vocabulary of the training lines; 0 padding,"
                            + " 1 unknown; sequences padded and truncated to " + pipeline.maxLen + " (before)")
                    .setting("network", network)
                    .setting("training", lossName + ", Adam (lr " + train.learningRate + "), " + epochs + " epochs, batch "
                            + batch + train.tbpttNote() + ", shuffled, seed " + train.seed)
                    .setting("kernels", KernelsBanner.describe().setting())
                    .setting("run directory", run.target().toAbsolutePath());
            report.section("Model").pre(summary);
            report.summary("Test").pre(results)
                    .image("accuracy.png", "Accuracy per epoch: training (blue) and held-out lines (orange)")
                    .image("loss.png", "Loss per epoch");
            report.section("Files").paragraph(MODEL_FILE + ": the model (recurrent-io); classifier.json: labels,"
                    + " vocabulary and sequence length, for `recurrent predict --model "
                    + run.target().resolve(MODEL_FILE) + " --input \"tokens ...\"`.");
            DemoRun.finishReport(report, stop, t0,
                    took -> "Interrupted (Ctrl-C) after " + ran + " of " + epochs + " epochs; finished in " + took + ".");
            run.commit();
            out.printf("Saved %s: %s, classifier.json, accuracy.png, loss.png, report.html%n", run.target(), MODEL_FILE);
            out.flush();
        });
        return 0;
    }

    private static float[] toFloats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    private Map<String, Object> sidecar(TokenPipeline pipeline, int ran, int trainCount, int testCount, double accuracy,
                                        double baseline, String command) {
        Map<String, Object> m = Sidecar.start("classify", command, pipeline.toJson());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("file", file.toString());
        t.put("lines", trainCount + testCount);
        t.put("embedding_dim", embeddingDim);
        train.putSettings(t, size.units, size.epochs, ran, size.batch);
        t.put("train_lines", trainCount);
        t.put("test_lines", testCount);
        m.put("training", t);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("test_accuracy", accuracy);
        r.put("majority_accuracy", baseline);
        m.put("results", r);
        return m;
    }
}
